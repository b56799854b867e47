package org.switchboard.plugins.signal;

import org.slf4j.Logger;
import org.switchboard.api.Health;
import org.switchboard.api.InboundSink;

/** Tells the sink about the receive loop's health, only when it changes. */
final class HealthReporter {
  static final Health UNREACHABLE = Health.warning("Signal bridge unreachable",
      "Check that the signal-cli REST bridge is running and that the Bridge URL is right; Switchboard keeps "
          + "reconnecting on its own. In json-rpc mode, messages that arrive while nothing is connected are lost.");
  static final Health NOT_REGISTERED = Health.error("This number is not registered or linked in the Signal bridge",
      "Link or register the number: link it as a secondary device with the QR code on this settings page (Signal "
          + "on the hotline phone → Settings → Linked devices), or register it in the bridge.");

  private final InboundSink sink;
  private final Logger log;
  private Health last;

  HealthReporter(InboundSink sink, Logger log) {
    this.sink = sink;
    this.log = log;
  }

  /** Reports {@code health} unless it is what was reported last. */
  synchronized void report(Health health) {
    if (health.equals(last)) {
      return;
    }
    last = health;
    try {
      sink.health(health);
    } catch (RuntimeException e) {
      log.warn("Signal receive loop: the server did not take a health report ({})", e.getClass().getSimpleName());
    }
  }

  void unreachable() {
    report(UNREACHABLE);
  }

  void notRegistered() {
    report(NOT_REGISTERED);
  }

  /** The bridge runs in a mode that does not serve this receive mode. */
  void modeMismatch(ReceiveMode wanted, String bridgeMode) {
    report(modeMismatchHealth(wanted, bridgeMode, true));
  }

  /** The health for a mode mismatch; an error while receiving, a warning in "Test connection". */
  static Health modeMismatchHealth(ReceiveMode wanted, String bridgeMode, boolean error) {
    String mode = bridgeMode == null || bridgeMode.isBlank() ? "unknown" : bridgeMode.replaceAll("[^a-z-]", "");
    String message;
    String action;
    if (wanted == ReceiveMode.WEBSOCKET) {
      message = "The Signal bridge runs in " + mode + " mode, which has no receive websocket";
      action = "Set Receive mode to 'polling', or run the bridge with MODE=json-rpc (recommended).";
    } else {
      message = "The Signal bridge runs in " + mode + " mode, where polling does not work";
      action = "Set Receive mode to 'websocket', or run the bridge with MODE=normal.";
    }
    return error ? Health.error(message, action) : Health.warning(message, action);
  }

  /** The bridge answered a receive call with an unexpected status. */
  void badAnswer(int status) {
    report(Health.warning("The Signal bridge answered HTTP " + status + " while receiving",
        "Check the bridge's log; Switchboard keeps retrying."));
  }

  void ok(String message) {
    report(Health.ok(message));
  }
}
