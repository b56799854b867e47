package org.switchboard.plugins.signal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ConfigField;

/**
 * A Signal connector's settings, read and checked from its {@link ChannelConfig}: where the bridge is, how to
 * receive from it, and how long each poll waits.
 */
record SignalSettings(URI bridgeUrl, ReceiveMode receiveMode, Duration pollInterval) {
  static final String BRIDGE_URL = "bridgeUrl";
  static final String RECEIVE_MODE = "receiveMode";
  static final String POLL_INTERVAL = "pollIntervalSeconds";
  static final String DEFAULT_BRIDGE_URL = "http://signal-cli:8080";
  static final int DEFAULT_POLL_SECONDS = 5;
  /** A poll waits this long at most, so it fits in one transport call (at most 60 s) with room to spare. */
  static final int MAX_POLL_SECONDS = 45;

  /** The settings form. */
  static List<ConfigField> fields() {
    return List.of(
        new ConfigField(BRIDGE_URL, "Bridge URL", ConfigField.Type.URL, true,
            "Address of the signal-cli REST bridge (bbernhard/signal-cli-rest-api) as Switchboard reaches it, e.g. "
                + DEFAULT_BRIDGE_URL + ". Keep the bridge on an internal network; never publish its port.",
            DEFAULT_BRIDGE_URL),
        new ConfigField(RECEIVE_MODE, "Receive mode", ConfigField.Type.TEXT, false,
            "'websocket' when the bridge runs with MODE=json-rpc (recommended), 'polling' when it runs with "
                + "MODE=normal or MODE=native.",
            ReceiveMode.WEBSOCKET.setting()),
        new ConfigField(POLL_INTERVAL, "Poll wait (seconds)", ConfigField.Type.NUMBER, false,
            "Polling mode only: how long each receive call waits for new messages (1-" + MAX_POLL_SECONDS
                + "); the next call starts as soon as the previous messages are stored.",
            String.valueOf(DEFAULT_POLL_SECONDS)));
  }

  /** Reads and checks the settings; fails naming the field, never echoing values that could be personal. */
  static SignalSettings from(ChannelConfig config) {
    String raw = config.find(BRIDGE_URL).orElse("").trim();
    if (raw.isEmpty()) {
      throw new IllegalArgumentException("bridgeUrl is not set");
    }
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("bridgeUrl is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("bridgeUrl must start with http:// or https://");
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("bridgeUrl must be a plain http(s)://host:port address");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    URI base = URI.create(scheme + "://" + uri.getRawAuthority() + path);

    ReceiveMode mode = ReceiveMode.parse(config.get(RECEIVE_MODE));

    int seconds = DEFAULT_POLL_SECONDS;
    String poll = config.find(POLL_INTERVAL).orElse("").trim();
    if (!poll.isEmpty()) {
      try {
        seconds = Integer.parseInt(poll);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("pollIntervalSeconds must be a whole number");
      }
      if (seconds < 1 || seconds > MAX_POLL_SECONDS) {
        throw new IllegalArgumentException("pollIntervalSeconds must be between 1 and " + MAX_POLL_SECONDS);
      }
    }
    return new SignalSettings(base, mode, Duration.ofSeconds(seconds));
  }

  /** An HTTP endpoint of the bridge; {@code path} starts with {@code /} and is already escaped. */
  URI endpoint(String path) {
    return URI.create(bridgeUrl + path);
  }

  /** A websocket endpoint of the bridge ({@code ws://} or {@code wss://}). */
  URI webSocket(String path) {
    String http = bridgeUrl.toString();
    String ws = http.startsWith("https:") ? "wss:" + http.substring("https:".length())
        : "ws:" + http.substring("http:".length());
    return URI.create(ws + path);
  }

  /** The bridge's host and port, for messages to the admin (never a number). */
  String hostAndPort() {
    return bridgeUrl.getRawAuthority();
  }

  /** Escapes one path segment (a number, an id); keeps {@code +} as the bridge's own examples do. */
  static String segment(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~+".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}
