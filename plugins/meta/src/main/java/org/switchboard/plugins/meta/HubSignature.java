package org.switchboard.plugins.meta;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.switchboard.api.InboundRequest;
import org.switchboard.api.InboundResult;
import org.switchboard.api.Secret;

/**
 * Meta's two webhook checks, shared by every Graph API channel.
 *
 * <p>Every {@code POST} carries {@code X-Hub-Signature-256: sha256=<64 lowercase hex>}, the HMAC-SHA256 of the raw
 * body under the app secret; it is checked in constant time before the body is parsed
 * (<a href="https://developers.facebook.com/docs/graph-api/webhooks/getting-started#validate-payloads">Validate
 * payloads</a>). A {@code GET} is the subscription handshake:
 * {@code ?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=…}, answered with the bare challenge only when
 * the token matches (<a href="https://developers.facebook.com/docs/graph-api/webhooks/getting-started#verification-requests">
 * Verification requests</a>).
 */
final class HubSignature {
  static final String HEADER = "X-Hub-Signature-256";
  private static final String PREFIX = "sha256=";
  /** Meta's challenges are short numbers; anything else is not echoed back. */
  private static final java.util.regex.Pattern CHALLENGE = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,256}");

  private HubSignature() {
  }

  /** Whether {@code header} is the signature of {@code body} under {@code appSecret}. */
  static boolean verify(Secret appSecret, byte[] body, Optional<String> header) {
    if (header.isEmpty()) {
      return false;
    }
    String value = header.get().trim();
    if (value.length() != PREFIX.length() + 64 || !value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(value.substring(PREFIX.length()));
    } catch (IllegalArgumentException notHex) {
      return false;
    }
    return MessageDigest.isEqual(hmac(appSecret.bytes(), body), given);
  }

  /** {@code sha256=<hex>} of {@code body}: what Meta sends, and what the fakes in the tests send. */
  static String sign(byte[] key, byte[] body) {
    return PREFIX + HexFormat.of().formatHex(hmac(key, body));
  }

  private static byte[] hmac(byte[] key, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** Answers the {@code GET} handshake: the challenge for the right token, else a 403. */
  static InboundResult handshake(InboundRequest request, String verifyToken) {
    Map<String, List<String>> query;
    try {
      query = request.queryParams();
    } catch (IllegalArgumentException malformed) {
      return InboundResult.reject(400, "malformed verification request");
    }
    String mode = first(query, "hub.mode");
    String token = first(query, "hub.verify_token");
    String challenge = first(query, "hub.challenge");
    if (!"subscribe".equals(mode) || !CHALLENGE.matcher(challenge).matches()) {
      return InboundResult.reject(400, "not a webhook verification request");
    }
    if (verifyToken.isEmpty() || !MessageDigest.isEqual(verifyToken.getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8))) {
      return InboundResult.reject(403, "verify token does not match");
    }
    return InboundResult.accept(List.of(), InboundResult.Reply.of("text/plain", challenge));
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }
}
