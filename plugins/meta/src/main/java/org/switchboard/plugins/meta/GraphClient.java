package org.switchboard.plugins.meta;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.switchboard.api.ChannelException;
import org.switchboard.api.FailureKind;
import org.switchboard.api.HttpCall;
import org.switchboard.api.HttpReply;
import org.switchboard.api.HttpTransport;
import org.switchboard.api.Secret;

/**
 * The Graph API calls outside sending (listing, subscribing, checking): each with the bearer token, a timeout and an
 * answer cap, and failures turned into a {@link ChannelException} an admin can act on.
 */
final class GraphClient {
  /** Listings (numbers, templates) can be long; other answers are small. */
  static final long LISTING_BYTES = 4L << 20;

  private final HttpTransport http;
  private final Logger log;
  private final Duration timeout;

  GraphClient(HttpTransport http, Logger log, Duration timeout) {
    this.http = http;
    this.log = log;
    this.timeout = timeout;
  }

  HttpTransport http() {
    return http;
  }

  Duration timeout() {
    return timeout;
  }

  /** GETs a JSON object. */
  JsonNode get(URI uri, Secret token, String doing) throws ChannelException {
    return json(send(HttpCall.get(uri).bearer(token).timeout(timeout).maxResponseBytes(LISTING_BYTES).build(),
        doing), doing);
  }

  /** POSTs a JSON body and reads the JSON answer. */
  JsonNode postJson(URI uri, Secret token, String body, String doing) throws ChannelException {
    return json(send(HttpCall.post(uri).bearer(token).json(body).timeout(timeout).build(), doing), doing);
  }

  HttpReply send(HttpCall call, String doing) throws ChannelException {
    try {
      return http.send(call);
    } catch (HttpTransport.ResponseTooLargeException e) {
      throw new ChannelException(FailureKind.BAD_RESPONSE, "Meta's answer while " + doing + " was too large");
    } catch (IOException e) {
      log.warn("meta: could not connect while {} ({})", doing, e.getClass().getSimpleName());
      throw new ChannelException(FailureKind.CONNECTION, "Could not reach " + call.uri().getHost() + " ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** The answer's JSON object, or the Graph error it carries, in words. */
  JsonNode json(HttpReply reply, String doing) throws ChannelException {
    Optional<JsonNode> json = MetaJson.object(reply.body());
    if (reply.isSuccess()) {
      return json.orElseThrow(() -> new ChannelException(FailureKind.BAD_RESPONSE,
          "Meta answered something unexpected while " + doing));
    }
    GraphError error = GraphError.of(reply.status(), json);
    log.warn("meta: HTTP {} while {} ({})", reply.status(), doing, error.code().isEmpty() ? "-" : error.code());
    throw new ChannelException(error.kind(), "Meta refused " + doing + " (HTTP " + reply.status() + "): "
        + error.reason().replaceFirst("^Meta error [0-9]+: ", "") + error.providerCode().map(c -> " [" + c + "]")
        .orElse(""));
  }

  /** A paging link, only when it stays on the API's origin (the token goes with it). */
  static Optional<URI> next(URI root, JsonNode json) {
    String next = MetaJson.text(json.path("paging"), "next").trim();
    if (next.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = URI.create(next);
      boolean same = root.getScheme().equalsIgnoreCase(String.valueOf(uri.getScheme()))
          && root.getRawAuthority().equalsIgnoreCase(String.valueOf(uri.getRawAuthority()));
      return same ? Optional.of(uri) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
