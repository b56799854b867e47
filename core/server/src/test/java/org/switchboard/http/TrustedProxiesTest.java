package org.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Forwarded headers count only when the peer is a proxy on this machine or the local network. */
class TrustedProxiesTest {
  @ParameterizedTest
  @CsvSource({
      "127.0.0.1, true", "::1, true", "10.1.2.3, true", "172.18.0.5, true", "192.168.1.20, true", "fd12:3456::1, true",
      "203.0.113.9, false", "8.8.8.8, false", "2001:db8::1, false", "172.32.0.1, false"})
  void trustsOnlyLocalPeers(String address, boolean trusted) {
    assertThat(TrustedProxies.trusted(new InetSocketAddress(address, 443))).isEqualTo(trusted);
  }
}
