package org.switchboard.api;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A webhook request exactly as the provider sent it: method, the public URL it was addressed to (what signatures
 * cover), headers, and the raw body bytes. The plugin verifies it before reading anything else.
 *
 * @param subPath what followed {@code /hooks/{token}} ({@code ""} or e.g. {@code "status"})
 */
public record InboundRequest(String method, URI publicUrl, Map<String, List<String>> headers, byte[] body,
    String subPath) {

  public InboundRequest {
    TreeMap<String, List<String>> folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> folded.put(k, List.copyOf(v)));
    headers = Collections.unmodifiableMap(folded);
    body = body == null ? new byte[0] : body;
    subPath = subPath == null ? "" : subPath;
    method = method.toUpperCase(Locale.ROOT);
  }

  /** The first value of a header (case-insensitive), if present. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Form parameters of an {@code application/x-www-form-urlencoded} body, in order, repeated names kept. */
  public Map<String, List<String>> formParams() {
    return decodeParams(bodyText());
  }

  /** Query parameters of the public URL, in order. */
  public Map<String, List<String>> queryParams() {
    String raw = publicUrl.getRawQuery();
    return raw == null ? Map.of() : decodeParams(raw);
  }

  /** Decodes {@code a=1&b=2} into an ordered multimap; malformed escapes fail with {@link IllegalArgumentException}. */
  public static Map<String, List<String>> decodeParams(String encoded) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return params;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return params;
  }

  @Override
  public String toString() {
    return "InboundRequest[" + method + " /hooks/…/" + subPath + ", " + body.length + " bytes]";
  }
}
