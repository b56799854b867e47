package org.switchboard.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Anonymous chat streams are counted per client: an IPv4 address, or an IPv6 /64. */
class LiveStreamsTest {
  @Test
  void ipv6ClientsAreCountedByTheirSlash64() {
    assertThat(LiveStreams.addressKey("2001:db8:1:2:3:4:5:6")).isEqualTo(LiveStreams.addressKey("2001:db8:1:2:ffff::1"))
        .isEqualTo("20010db800010002::/64");
    assertThat(LiveStreams.addressKey("2001:db8:1:3::1")).isNotEqualTo(LiveStreams.addressKey("2001:db8:1:2::1"));
    assertThat(LiveStreams.addressKey("203.0.113.9")).isEqualTo("203.0.113.9");
    assertThat(LiveStreams.addressKey(null)).isEqualTo("?");
  }
}
