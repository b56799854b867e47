package org.switchboard.plugins.meta;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.InboundRequest;
import org.switchboard.api.Secret;
import org.switchboard.testkit.fakes.FakeProvider;

/** Shared test values: payload files under {@code src/test/resources/meta/}, configs, a fixed clock, a signer. */
final class Fixtures {
  static final String WABA = "102290129340398";
  static final String PHONE_NUMBER_ID = "106540352242922";
  static final String PAGE = "109876543210987";
  static final String APP_ID = "1234567890123";
  static final String INSTAGRAM = "17841400000000001";
  static final String TOKEN = "EAAGtest-system-user-token-0123456789";
  static final String APP_SECRET = "test-app-secret-abcdef0123456789";
  static final String VERIFY = "test-verify-token-5f1c2b7e";
  static final URI WEBHOOK = URI.create("https://hotline.example.org/hooks/tok3n");
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private Fixtures() {
  }

  /** A local fake Graph API with nothing scripted: unscripted calls get Meta's "object does not exist". */
  static FakeProvider fake() {
    return new FakeProvider().otherwise(FakeProvider.json(400, "{\"error\":{\"message\":\"Unsupported get request."
        + " Object does not exist\",\"type\":\"GraphMethodException\",\"code\":100,\"error_subcode\":33}}"));
  }

  static FakeProvider.Reply reply(int status, String name) {
    return FakeProvider.json(status, text(name));
  }

  static String text(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/meta/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ChannelConfig whatsApp(URI api) {
    return ChannelConfig.of(Map.of("businessAccountId", WABA, "apiBaseUrl", api.toString()),
        Map.of("accessToken", Secret.of(TOKEN), "appSecret", Secret.of(APP_SECRET), "verifyToken", Secret.of(VERIFY)),
        WEBHOOK);
  }

  static ChannelConfig whatsApp() {
    return whatsApp(URI.create("https://graph.facebook.com"));
  }

  static ChannelConfig messenger(URI api) {
    return ChannelConfig.of(Map.of("pageId", PAGE, "appId", APP_ID, "apiBaseUrl", api.toString()),
        Map.of("pageAccessToken", Secret.of(TOKEN), "appSecret", Secret.of(APP_SECRET),
            "verifyToken", Secret.of(VERIFY)), WEBHOOK);
  }

  static ChannelConfig messenger() {
    return messenger(URI.create("https://graph.facebook.com"));
  }

  /** Meta's algorithm written out independently of the code under test. */
  static String sign(String key, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A POST of a payload file to the webhook, signed with the app secret. */
  static InboundRequest signed(String payload) {
    byte[] body = text(payload).getBytes(StandardCharsets.UTF_8);
    return new InboundRequest("POST", WEBHOOK, Map.of(HubSignature.HEADER, List.of(sign(APP_SECRET, body))), body,
        "");
  }
}
