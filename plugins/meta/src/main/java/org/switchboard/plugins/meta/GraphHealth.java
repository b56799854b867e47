package org.switchboard.plugins.meta;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.switchboard.api.FailureKind;
import org.switchboard.api.Health;
import org.switchboard.api.HttpCall;
import org.switchboard.api.HttpReply;
import org.switchboard.api.HttpTransport;
import org.switchboard.api.Secret;

/**
 * "Test connection" for a Graph API connector: reads the account object with the token (e.g.
 * {@code GET /v25.0/{waba-id}?fields=id,name} → {@code {"id":"…","name":"Tenants Line"}}) and says what is wrong
 * when Meta refuses — an expired token (190) names the fix, so the connector shows Error with it.
 */
final class GraphHealth {
  private final HttpTransport http;
  private final Logger log;
  private final Duration timeout;

  GraphHealth(HttpTransport http, Logger log, Duration timeout) {
    this.http = http;
    this.log = log;
    this.timeout = timeout;
  }

  /** What Meta says about the token, reading {@code uri}; {@code what} names the account ("WhatsApp Business Account"). */
  Health check(URI uri, Secret token, String what, String tokenFix) {
    HttpReply reply;
    try {
      reply = http.send(HttpCall.get(uri).bearer(token).timeout(timeout).build());
    } catch (IOException e) {
      log.warn("meta check: could not connect ({})", e.getClass().getSimpleName());
      return Health.error("Could not reach " + uri.getHost() + " (" + e.getClass().getSimpleName() + ")",
          "Check that this server can reach the internet, and the Graph API address in the connector settings.");
    }
    log.info("meta check: HTTP {}", reply.status());
    Optional<JsonNode> json = MetaJson.object(reply.body());
    if (reply.isSuccess() && json.isPresent()) {
      String name = GraphError.redact(MetaJson.text(json.get(), "name").strip());
      if (name.length() > 80) {
        name = name.substring(0, 79) + "…";
      }
      return Health.ok("Connected to " + (name.isEmpty() ? "the " + what : name));
    }
    if (reply.isSuccess()) {
      return Health.error("Meta answered something unexpected (HTTP " + reply.status() + ")",
          "Check the Graph API address in the connector settings.");
    }
    GraphError error = GraphError.of(reply.status(), json);
    if (error.code().equals(GraphError.TOKEN_EXPIRED)) {
      return Health.error("The access token has expired or was revoked (Meta error 190)", tokenFix);
    }
    if (error.kind() == FailureKind.CONFIG) {
      return Health.error("Meta refused the access token (" + error.reason() + ")", tokenFix);
    }
    if (error.kind() == FailureKind.THROTTLED || error.kind() == FailureKind.BAD_RESPONSE) {
      return Health.warning("Meta is not answering properly right now (HTTP " + reply.status() + ")",
          "Try again in a few minutes; see metastatus.com if it persists.");
    }
    return Health.error("Meta has no " + what + " with this ID for this token (" + error.reason() + ")",
        "Check the ID in the connector settings and that the token's system user has access to it.");
  }
}
