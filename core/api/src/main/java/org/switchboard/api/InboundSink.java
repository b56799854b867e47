package org.switchboard.api;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Where a streaming channel hands what it received; the server stores the events durably before completing. */
public interface InboundSink {

  /** Stores the events (dedupe, seal, commit); completes once they are durable. */
  CompletionStage<Void> accept(List<InboundEvent> events);

  /** Reports the stream's health (bridge reachable, account registered) for settings, inbox and health check. */
  void health(Health health);
}
