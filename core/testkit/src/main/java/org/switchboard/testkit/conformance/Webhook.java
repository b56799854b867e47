package org.switchboard.testkit.conformance;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A request a provider makes to the server's webhook, as a plugin's test builds it for the conformance kit: the
 * method, the full URL (under the webhook URL the kit gave), headers, content type and the exact body bytes.
 */
public record Webhook(String method, URI url, Map<String, String> headers, String contentType, byte[] body) {
  public Webhook {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    headers = Map.copyOf(headers);
    contentType = contentType == null ? "application/octet-stream" : contentType;
    body = body == null ? new byte[0] : body;
  }

  /** A POST of form fields (in the map's order), {@code application/x-www-form-urlencoded}. */
  public static Webhook form(URI url, Map<String, String> fields, Map<String, String> headers) {
    return new Webhook("POST", url, headers, "application/x-www-form-urlencoded",
        new LinkedHashMap<>(fields).entrySet().stream()
            .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&")).getBytes(StandardCharsets.UTF_8));
  }

  /** A POST of a JSON document. */
  public static Webhook json(URI url, String json, Map<String, String> headers) {
    return new Webhook("POST", url, headers, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Webhook[" + method + " " + url.getRawPath() + ", " + body.length + " bytes]";
  }
}
