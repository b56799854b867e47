package org.switchboard.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A small HTTP client for tests: keeps cookies like a browser, speaks JSON and forms, never follows redirects. */
public final class TestHttp {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  private final URI base;
  private final HttpClient client;
  private String bearer;

  public TestHttp(URI base) {
    this.base = base;
    CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    this.client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Sends {@code Authorization: Bearer token} from now on. */
  public TestHttp withBearer(String token) {
    this.bearer = token;
    return this;
  }

  /** A reply: status, headers and body. */
  public record Reply(int status, Map<String, java.util.List<String>> headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
          .map(e -> e.getValue().get(0)).orElse(null);
    }

    /** The CSRF token of the first form on an HTML page. */
    public String csrf() {
      Matcher m = CSRF.matcher(body);
      if (!m.find()) {
        throw new AssertionError("no csrf field on page (" + status + ")");
      }
      return m.group(1).replace("&#x3D;", "=").replace("&amp;", "&");
    }
  }

  public Reply get(String path) {
    return send(request(path).GET().header("Accept", "application/json"));
  }

  /** A GET with extra headers (e.g. a hand-made Cookie). */
  public Reply get(String path, Map<String, String> headers) {
    HttpRequest.Builder builder = request(path).GET().header("Accept", "application/json");
    headers.forEach(builder::header);
    return send(builder);
  }

  public Reply getHtml(String path) {
    return send(request(path).GET().header("Accept", "text/html"));
  }

  public Reply postJson(String path, Object body) {
    return send(request(path).header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(toJson(body))));
  }

  public Reply putJson(String path, Object body) {
    return send(request(path).header("Content-Type", "application/json").header("Accept", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(toJson(body))));
  }

  public Reply delete(String path) {
    return send(request(path).DELETE().header("Accept", "application/json"));
  }

  /** Posts a form as a browser would (fields in order). */
  public Reply postForm(String path, Map<String, String> fields) {
    return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(form(fields))));
  }

  /** Posts raw bytes with headers (webhooks). */
  public Reply postRaw(String path, String contentType, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder builder = request(path).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(builder::header);
    return send(builder);
  }

  public static String form(Map<String, String> fields) {
    return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
  }

  public static Map<String, String> fields(String... keyValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    if (bearer != null) {
      builder.header("Authorization", "Bearer " + bearer);
    }
    return builder;
  }

  private Reply send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new AssertionError("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String toJson(Object body) {
    try {
      return body instanceof String s ? s : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
