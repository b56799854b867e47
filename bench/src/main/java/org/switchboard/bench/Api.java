package org.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;

/** The server's JSON API with a bearer token, for setting things up (never timed). */
final class Api {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI base;
  private final String token;

  Api(HttpClient http, URI base, String token) {
    this.http = http;
    this.base = base;
    this.token = token;
  }

  Map<String, String> auth() {
    return Map.of(HttpHeader.AUTHORIZATION.asString(), "Bearer " + token);
  }

  URI uri(String path) {
    return base.resolve(path);
  }

  JsonNode get(String path) throws Exception {
    return send(http.newRequest(uri(path)).method("GET"));
  }

  JsonNode post(String path, Object body) throws Exception {
    return send(http.newRequest(uri(path)).method("POST").body(json(body)));
  }

  JsonNode put(String path, Object body) throws Exception {
    return send(http.newRequest(uri(path)).method("PUT").body(json(body)));
  }

  private static StringRequestContent json(Object body) throws IOException {
    return new StringRequestContent("application/json", JSON.writeValueAsString(body));
  }

  private JsonNode send(Request request) throws Exception {
    ContentResponse response = request.headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + token))
        .timeout(60, TimeUnit.SECONDS).send();
    if (response.getStatus() >= 300) {
      throw new IOException(request.getMethod() + " " + request.getURI().getPath() + " answered "
          + response.getStatus() + ": " + response.getContentAsString());
    }
    return JSON.readTree(response.getContent());
  }
}
