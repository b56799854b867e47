package org.switchboard.plugins.twilio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.List;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.Secret;
import org.switchboard.testkit.fakes.FakeProvider;

/** Shared test values: payload files under {@code src/test/resources/twilio/}, configs, a fixed clock, a signer. */
final class Fixtures {
  static final String ACCOUNT_SID = "AC1234567890abcdef1234567890abcdef";
  static final String AUTH_TOKEN = "test-auth-token-0123456789abcdef";
  static final String PROJECT_ID = "5f1c2b7e-0000-4000-8000-00000000a001";
  static final String API_TOKEN = "PTtest-api-token-abcdef0123456789";
  static final String SIGNING_KEY = "PSKtest-signing-key-0123456789";
  static final URI WEBHOOK = URI.create("https://hotline.example.org/hooks/tok3n");
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private Fixtures() {
  }

  /** A local fake of the provider's API with nothing scripted: unscripted calls get Twilio's 404 body. */
  static FakeProvider fake() {
    return new FakeProvider().otherwise(FakeProvider.json(404,
        "{\"code\":20404,\"message\":\"The requested resource was not found\",\"status\":404}"));
  }

  /** A JSON reply whose body is a payload file. */
  static FakeProvider.Reply reply(int status, String name) {
    return FakeProvider.json(status, text(name));
  }

  static String text(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/twilio/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ChannelConfig twilio(URI api, URI messaging) {
    return ChannelConfig.of(
        Map.of("accountSid", ACCOUNT_SID, "apiBaseUrl", api.toString(), "messagingBaseUrl", messaging.toString()),
        Map.of("authToken", Secret.of(AUTH_TOKEN)), WEBHOOK);
  }

  static ChannelConfig twilio() {
    return twilio(URI.create("https://api.twilio.com"), URI.create("https://messaging.twilio.com"));
  }

  static ChannelConfig signalWire(URI space) {
    return ChannelConfig.of(Map.of("spaceUrl", space.toString(), "projectId", PROJECT_ID),
        Map.of("apiToken", Secret.of(API_TOKEN), "signingKey", Secret.of(SIGNING_KEY)), WEBHOOK);
  }

  static ChannelConfig signalWire() {
    return signalWire(URI.create("https://example.signalwire.com"));
  }

  /** Twilio's algorithm written out independently of the code under test. */
  static String sign(String key, String url, Map<String, List<String>> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, values) -> values.forEach(value -> data.append(name).append(value)));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
