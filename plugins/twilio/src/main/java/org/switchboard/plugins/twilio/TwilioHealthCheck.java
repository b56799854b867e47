package org.switchboard.plugins.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.switchboard.api.HttpCall;
import org.switchboard.api.HttpReply;
import org.switchboard.api.HttpTransport;
import org.switchboard.api.Health;

/**
 * "Test connection": fetches the account resource with the configured credentials.
 *
 * <p>Example answer (anonymized): {@code GET /2010-04-01/Accounts/AC….json} →
 * {@code 200 {"sid":"AC…","friendly_name":"Helpline","status":"active",…}}, shown as "Connected to Helpline".
 */
final class TwilioHealthCheck {
  private final HttpTransport http;
  private final Logger log;
  private final Duration timeout;

  TwilioHealthCheck(HttpTransport http, Logger log, Duration timeout) {
    this.http = http;
    this.log = log;
    this.timeout = timeout;
  }

  /** What the provider says about these credentials. */
  Health check(TwilioAccount account, Credentials credentials) {
    HttpCall call = account.authorize(HttpCall.get(account.accountUri(".json"))).timeout(timeout).build();
    HttpReply reply;
    try {
      reply = http.send(call);
    } catch (IOException e) {
      log.warn("{} check: could not connect ({})", account.provider(), e.getClass().getSimpleName());
      return Health.error("Could not reach " + account.apiBase().getHost() + " ("
              + e.getClass().getSimpleName() + ")",
          "Check that this server can reach the internet, and the API address in the connector settings.");
    }
    log.info("{} check: HTTP {}", account.provider(), reply.status());
    if (reply.status() == 401 || reply.status() == 403) {
      return Health.error(credentials.wrong(), credentials.fix());
    }
    if (reply.status() == 404) {
      return Health.error(account.provider() + " has no such account at this API address",
          "Check the " + credentials.idLabel() + " and the API address in the connector settings.");
    }
    if (reply.status() == 429 || reply.status() >= 500) {
      return Health.warning(account.provider() + " is not answering properly right now (HTTP " + reply.status()
          + ")", "Try again in a few minutes; check the provider's status page if it persists.");
    }
    Optional<JsonNode> json = TwilioJson.object(reply.body());
    if (!reply.isSuccess() || json.isEmpty()) {
      return Health.error(account.provider() + " answered something unexpected (HTTP " + reply.status() + ")",
          "Check the API address in the connector settings.");
    }
    String status = TwilioJson.text(json.get(), "status").toLowerCase(Locale.ROOT);
    if (status.equals("suspended") || status.equals("closed")) {
      return Health.error("The " + account.provider() + " account is " + status,
          "Sign in to " + account.provider() + " and resolve the account's status (often billing).");
    }
    String name = TwilioJson.text(json.get(), "friendly_name").strip();
    if (name.length() > 80) {
      name = name.substring(0, 79) + "…";
    }
    return Health.ok("Connected to " + (name.isEmpty() ? "the " + account.provider() + " account" : name));
  }

  /** How to name the credentials in messages, per provider. */
  record Credentials(String idLabel, String wrong, String fix) {
  }
}
