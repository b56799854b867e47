package org.switchboard.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Validly signed Twilio inbound SMS webhooks: a unique {@code MessageSid} each, a sender from a fixed pool, a
 * 100–300 byte body. Signed as Twilio does (providers.md §1.3): Base64 HMAC-SHA1, keyed with the Auth Token, of
 * the webhook URL followed by every parameter name and value, sorted by name.
 */
final class TwilioWebhooks {
  static final int SENDERS = 2_000;
  private static final String[] WORDS = ("hi i need help my landlord changed the locks today and i have nowhere "
      + "to go tonight can someone call me back please it is urgent we have two kids is there a shelter near the "
      + "station i am safe right now but scared thank you for answering so late").split(" ");

  private final URI url;
  private final Mac mac;
  private final String runId;

  TwilioWebhooks(URI webhookUrl, String authToken) {
    this.url = webhookUrl;
    try {
      mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    runId = String.format("%08x", new Random().nextInt());
  }

  /** The {@code n}-th webhook of this run (its MessageSid is unique across runs and calls). */
  Flood.Call message(long n) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Map<String, String> params = new TreeMap<>();
    params.put("MessageSid", "SM" + runId + String.format("%024x", n));
    params.put("AccountSid", FakeTwilio.ACCOUNT_SID);
    params.put("From", String.format("+1555%07d", random.nextInt(SENDERS)));
    params.put("To", FakeTwilio.NUMBER);
    params.put("Body", body(random, 100 + random.nextInt(201)));
    params.put("NumMedia", "0");
    String form = params.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return Flood.Call.post(url, "application/x-www-form-urlencoded", form.getBytes(StandardCharsets.UTF_8),
        Map.of("X-Twilio-Signature", sign(params)));
  }

  private String sign(Map<String, String> sortedParams) {
    StringBuilder data = new StringBuilder(url.toString());
    sortedParams.forEach((name, value) -> data.append(name).append(value));
    byte[] digest;
    synchronized (mac) {
      digest = mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8));
    }
    return Base64.getEncoder().encodeToString(digest);
  }

  /** Plain words up to exactly {@code length} bytes, like a text someone types. */
  static String body(Random random, int length) {
    StringBuilder text = new StringBuilder(length + 16);
    while (text.length() < length) {
      text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
    }
    return text.substring(0, length);
  }
}
