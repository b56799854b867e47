package org.switchboard.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An outgoing HTTP request a plugin asks the server's {@link HttpTransport} to make. Every call has a timeout for the
 * whole exchange, the answer's body included (default 10 s, at most 60 s), and a cap on the answer's size (default
 * 1 MB); redirects are followed a few times, without credentials when the host changes.
 */
public record HttpCall(String method, URI uri, Map<String, List<String>> headers, byte[] body, Duration timeout,
    long maxResponseBytes) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 1 << 20;

  public HttpCall {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    headers = Map.copyOf(copy);
    body = body == null ? new byte[0] : body;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException("timeout must be between 0 and 60 seconds");
    }
    if (maxResponseBytes <= 0) {
      maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    }
  }

  public static Builder get(URI uri) {
    return new Builder("GET", uri);
  }

  public static Builder post(URI uri) {
    return new Builder("POST", uri);
  }

  public static Builder request(String method, URI uri) {
    return new Builder(method, uri);
  }

  @Override
  public String toString() {
    return "HttpCall[" + method + " " + uri.getScheme() + "://" + uri.getAuthority() + uri.getRawPath() + "]";
  }

  /** Builds a call step by step. */
  public static final class Builder {
    private final String method;
    private final URI uri;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];
    private Duration timeout = DEFAULT_TIMEOUT;
    private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;

    private Builder(String method, URI uri) {
      this.method = method;
      this.uri = uri;
    }

    public Builder header(String name, String value) {
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      return this;
    }

    /** HTTP Basic authorization. */
    public Builder basicAuth(String user, Secret password) {
      String token = Base64.getEncoder()
          .encodeToString((user + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8));
      return header("Authorization", "Basic " + token);
    }

    public Builder bearer(Secret token) {
      return header("Authorization", "Bearer " + token.reveal());
    }

    /** A form body; values are URL-encoded, repeated keys allowed. */
    public Builder form(List<Map.Entry<String, String>> fields) {
      StringBuilder encoded = new StringBuilder();
      for (Map.Entry<String, String> field : fields) {
        if (encoded.length() > 0) {
          encoded.append('&');
        }
        encoded.append(java.net.URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)).append('=')
            .append(java.net.URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8));
      }
      header("Content-Type", "application/x-www-form-urlencoded");
      this.body = encoded.toString().getBytes(StandardCharsets.UTF_8);
      return this;
    }

    public Builder json(String json) {
      header("Content-Type", "application/json");
      this.body = json.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    public Builder body(String contentType, byte[] bytes) {
      header("Content-Type", contentType);
      this.body = bytes;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** The most bytes to read from the answer; a longer answer fails the call. */
    public Builder maxResponseBytes(long bytes) {
      this.maxResponseBytes = bytes;
      return this;
    }

    public HttpCall build() {
      return new HttpCall(method, uri, headers, body, timeout, maxResponseBytes);
    }
  }
}
