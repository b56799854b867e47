package org.switchboard.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A provider's HTTP answer: status, headers (case-insensitive) and body bytes (size-capped by the transport). */
public record HttpReply(int status, Map<String, List<String>> headers, byte[] body) {
  public HttpReply {
    TreeMap<String, List<String>> folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> folded.put(k, List.copyOf(v)));
    headers = folded;
    body = body == null ? new byte[0] : body;
  }

  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  @Override
  public String toString() {
    return "HttpReply[" + status + ", " + body.length + " bytes]";
  }
}
