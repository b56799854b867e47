package org.switchboard.plugins.signal;

import java.util.Locale;

/**
 * How the plugin receives from the bridge: a websocket (the bridge's {@code json-rpc} mode) or polling (its
 * {@code normal}/{@code native} modes). The bridge offers exactly one of the two, depending on its {@code MODE}.
 */
enum ReceiveMode {
  /** {@code ws://bridge/v1/receive/{number}}; only in json-rpc mode. */
  WEBSOCKET("websocket"),
  /** {@code GET /v1/receive/{number}?timeout=N}; only in normal and native mode. */
  POLLING("polling");

  private final String setting;

  ReceiveMode(String setting) {
    this.setting = setting;
  }

  /** The value as entered in the settings form. */
  String setting() {
    return setting;
  }

  /** Reads the setting; blank means websocket, and the bridge's own mode names are accepted too. */
  static ReceiveMode parse(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    switch (v) {
      case "", "websocket", "ws", "json-rpc", "jsonrpc", "json-rpc-native":
        return WEBSOCKET;
      case "polling", "poll", "normal", "native":
        return POLLING;
      default:
        throw new IllegalArgumentException("receiveMode must be 'websocket' or 'polling'");
    }
  }

  /** Whether a bridge running in {@code bridgeMode} (from {@code /v1/about}) serves this receive mode. */
  boolean servedBy(String bridgeMode) {
    String mode = bridgeMode == null ? "" : bridgeMode.toLowerCase(Locale.ROOT);
    boolean jsonRpc = mode.startsWith("json-rpc");
    return this == WEBSOCKET ? jsonRpc : !jsonRpc;
  }
}
