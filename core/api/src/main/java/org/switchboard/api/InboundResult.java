package org.switchboard.api;

import java.util.List;
import java.util.Objects;

/** What a channel made of a webhook request: verified events and the reply the provider expects, or a rejection. */
public sealed interface InboundResult {

  /** A verified request; the server stores the events durably, then answers with {@code reply}. */
  record Accepted(List<InboundEvent> events, Reply reply) implements InboundResult {
    public Accepted {
      events = List.copyOf(events);
      Objects.requireNonNull(reply, "reply");
    }
  }

  /** An unverified or malformed request: nothing is stored; the server answers {@code status} with the reason. */
  record Rejected(int status, String reason) implements InboundResult {
    public Rejected {
      if (status < 400 || status > 499) {
        throw new IllegalArgumentException("a rejection is a 4xx status");
      }
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The HTTP body a provider expects back (TwiML, a verification challenge, or nothing). */
  record Reply(int status, String contentType, String body) {
    public static final Reply EMPTY = new Reply(200, "text/plain", "");

    public static Reply of(String contentType, String body) {
      return new Reply(200, contentType, body);
    }
  }

  static Accepted accept(List<InboundEvent> events, Reply reply) {
    return new Accepted(events, reply);
  }

  static Rejected reject(int status, String reason) {
    return new Rejected(status, reason);
  }
}
