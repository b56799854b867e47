package org.switchboard.plugins.signal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.switchboard.api.Address;
import org.switchboard.api.ChannelConfig;

/** Shared test values: payload files, the anonymized numbers and ids they use, configs and fast timings. */
final class Fixtures {
  /** The hotline's number in every fixture (the {@code account}). */
  static final String HOTLINE = "+15550001000";
  static final Address CHANNEL = new Address(Address.SIGNAL, HOTLINE);
  /** The contact in most fixtures. */
  static final String CONTACT_NUMBER = "+15550001001";
  static final String CONTACT_UUID = "3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c";
  static final String CONTACT_NAME = "Fixture Contact";
  /** The contact who hides their number. */
  static final String HIDDEN_UUID = "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-08-01T10:00:00Z"), ZoneOffset.UTC);
  static final ReceiveTiming FAST = new ReceiveTiming(Duration.ofMillis(20), Duration.ofMillis(200),
      Duration.ofMillis(500), Duration.ofSeconds(5), Optional.of(Duration.ofMillis(50)));

  private Fixtures() {
  }

  /** A payload file under {@code src/test/resources/signal/}. */
  static String read(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/signal/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ChannelConfig config(URI bridgeUrl, String receiveMode) {
    Map<String, String> values = new HashMap<>();
    values.put(SignalSettings.BRIDGE_URL, bridgeUrl.toString());
    values.put(SignalSettings.RECEIVE_MODE, receiveMode);
    values.put(SignalSettings.POLL_INTERVAL, "1");
    return ChannelConfig.of(values, Map.of(), URI.create("https://hotline.example/hooks/token"));
  }

  static ChannelConfig config(URI bridgeUrl) {
    return config(bridgeUrl, "websocket");
  }
}
