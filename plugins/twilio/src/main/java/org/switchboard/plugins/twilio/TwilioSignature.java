package org.switchboard.plugins.twilio;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.switchboard.api.Secret;

/**
 * Twilio's webhook signature, which SignalWire's cXML webhooks share (keyed with the space's signing key): the
 * Base64 HMAC-SHA1 of the full URL followed by every form parameter, sorted by name, as name then value.
 *
 * <p>Example, with token {@code 12345}: a POST to {@code https://example.org/hooks/abc} with
 * {@code To=%2B15550100&From=%2B15550199} is signed over
 * {@code https://example.org/hooks/abcFrom+15550199To+15550100}. Twilio's validators accept the URL with and
 * without the default port, so we do too. See
 * <a href="https://www.twilio.com/docs/usage/webhooks/webhooks-security">Webhooks security</a>.
 */
final class TwilioSignature {
  private static final String HMAC = "HmacSHA1";

  private TwilioSignature() {
  }

  /** The signature of {@code url} plus {@code params}; repeated names sign each value in order. */
  static String sign(Secret key, String url, Map<String, List<String>> params) {
    return sign(key, url, params, false);
  }

  /**
   * Whether any of the {@code provided} signatures matches {@code url} (as given, and with the default port
   * added or removed) and {@code params}. Repeated parameter names are tried both in order (Twilio's Java
   * helper) and sorted without duplicates (its Python and Node helpers). Comparisons are constant-time.
   */
  static boolean verify(Secret key, URI url, Map<String, List<String>> params, List<String> provided) {
    boolean repeated = params.values().stream().anyMatch(values -> values.size() > 1);
    boolean valid = false;
    for (String candidate : urlVariants(url)) {
      valid |= matchesAny(sign(key, candidate, params, false), provided);
      if (repeated) {
        valid |= matchesAny(sign(key, candidate, params, true), provided);
      }
    }
    return valid;
  }

  /** The URL as given, plus the same URL with its default port (:443, :80) added or removed. */
  static List<String> urlVariants(URI url) {
    Set<String> variants = new LinkedHashSet<>();
    variants.add(url.toString());
    int defaultPort = "https".equalsIgnoreCase(url.getScheme()) ? 443
        : "http".equalsIgnoreCase(url.getScheme()) ? 80 : -1;
    if (defaultPort > 0 && url.getHost() != null) {
      if (url.getPort() == -1) {
        variants.add(rebuild(url, defaultPort));
      } else if (url.getPort() == defaultPort) {
        variants.add(rebuild(url, -1));
      }
    }
    return new ArrayList<>(variants);
  }

  private static String rebuild(URI url, int port) {
    StringBuilder out = new StringBuilder(url.getScheme()).append("://");
    if (url.getRawUserInfo() != null) {
      out.append(url.getRawUserInfo()).append('@');
    }
    out.append(url.getHost());
    if (port != -1) {
      out.append(':').append(port);
    }
    out.append(url.getRawPath() == null ? "" : url.getRawPath());
    if (url.getRawQuery() != null) {
      out.append('?').append(url.getRawQuery());
    }
    return out.toString();
  }

  private static String sign(Secret key, String url, Map<String, List<String>> params, boolean sortValues) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, values) -> {
      List<String> signed = sortValues ? values.stream().distinct().sorted().toList() : values;
      for (String value : signed) {
        data.append(name).append(value);
      }
    });
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key.bytes(), HMAC));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA1 is not available", e);
    }
  }

  private static boolean matchesAny(String expected, List<String> provided) {
    byte[] wanted = expected.getBytes(StandardCharsets.US_ASCII);
    boolean match = false;
    for (String candidate : provided) {
      match |= MessageDigest.isEqual(wanted, candidate.trim().getBytes(StandardCharsets.UTF_8));
    }
    return match;
  }
}
