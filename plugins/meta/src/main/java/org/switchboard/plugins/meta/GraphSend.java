package org.switchboard.plugins.meta;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.switchboard.api.FailureKind;
import org.switchboard.api.HttpCall;
import org.switchboard.api.HttpReply;
import org.switchboard.api.HttpTransport;
import org.switchboard.api.SendResult;

/** One Graph API call of a send, classified into the id it produced or a {@link SendResult.Failed}. */
final class GraphSend {
  private GraphSend() {
  }

  /** What a send call produced: the JSON answer, or the failure to hand back. */
  record Outcome(Optional<JsonNode> json, Optional<SendResult.Failed> failure) {
    static Outcome failed(SendResult.Failed failure) {
      return new Outcome(Optional.empty(), Optional.of(failure));
    }
  }

  static Outcome call(HttpTransport http, Clock clock, HttpCall call) {
    HttpReply reply;
    try {
      reply = http.send(call);
    } catch (HttpTransport.ResponseTooLargeException e) {
      return Outcome.failed(SendResult.failed(FailureKind.BAD_RESPONSE, "Meta's answer was too large"));
    } catch (IOException e) {
      return Outcome.failed(SendResult.failed(FailureKind.CONNECTION,
          "could not reach Meta (" + e.getClass().getSimpleName() + ")"));
    }
    Optional<JsonNode> json = MetaJson.object(reply.body());
    if (reply.isSuccess()) {
      if (json.isEmpty()) {
        return Outcome.failed(SendResult.failed(FailureKind.BAD_RESPONSE,
            "Meta answered HTTP " + reply.status() + " without a readable body"));
      }
      return new Outcome(json, Optional.empty());
    }
    GraphError error = GraphError.of(reply.status(), json);
    Optional<Duration> retryAfter = error.kind() == FailureKind.THROTTLED ? retryAfter(reply, clock)
        : Optional.empty();
    return Outcome.failed(new SendResult.Failed(error.kind(), error.providerCode(), error.reason(), retryAfter));
  }

  /** {@code Retry-After} as seconds or an HTTP date. */
  private static Optional<Duration> retryAfter(HttpReply reply, Clock clock) {
    Optional<String> header = reply.header("Retry-After").map(String::trim).filter(v -> !v.isEmpty());
    if (header.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.get()))));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(header.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(clock.instant(), at.toInstant());
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }
}
