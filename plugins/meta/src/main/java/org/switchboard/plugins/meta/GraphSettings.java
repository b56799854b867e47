package org.switchboard.plugins.meta;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelException;
import org.switchboard.api.FailureKind;
import org.switchboard.api.Secret;

/** Reads a connector's Graph API settings, failing with a message that names the setting that is missing or wrong. */
final class GraphSettings {
  static final String DEFAULT_API = "https://graph.facebook.com";
  /** The Graph API version calls are made against; Meta supports each version for about two years. */
  static final String DEFAULT_VERSION = "v25.0";
  private static final Pattern ID = Pattern.compile("[0-9]{1,32}");
  private static final Pattern VERSION = Pattern.compile("v[0-9]{1,3}\\.[0-9]{1,2}");

  private GraphSettings() {
  }

  /** A numeric Graph object id (WABA, page, app). */
  static String id(ChannelConfig config, String key, String label) throws ChannelException {
    String value = config.find(key).map(String::trim)
        .orElseThrow(() -> new ChannelException(FailureKind.CONFIG, label + " is not set"));
    if (!ID.matcher(value).matches()) {
      throw new ChannelException(FailureKind.CONFIG, label + " must be the number Meta shows (digits only)");
    }
    return value;
  }

  static Secret secret(ChannelConfig config, String key, String label) throws ChannelException {
    try {
      return config.secret(key);
    } catch (RuntimeException e) {
      throw new ChannelException(FailureKind.CONFIG, label + " is not set");
    }
  }

  /** The verify token of the handshake; empty when not set (then every handshake is refused). */
  static String verifyToken(ChannelConfig config) {
    try {
      return config.secret("verifyToken").reveal().trim();
    } catch (RuntimeException notSet) {
      return "";
    }
  }

  /**
   * The versioned API root, e.g. {@code https://graph.facebook.com/v25.0}: https, or http to a loopback host for
   * local fakes; no query, no trailing slash.
   */
  static URI apiRoot(ChannelConfig config) throws ChannelException {
    String raw = config.find("apiBaseUrl").orElse(DEFAULT_API).trim();
    while (raw.endsWith("/")) {
      raw = raw.substring(0, raw.length() - 1);
    }
    String version = config.find("apiVersion").map(String::trim).orElse(DEFAULT_VERSION);
    if (!VERSION.matcher(version).matches()) {
      throw new ChannelException(FailureKind.CONFIG, "Graph API version must look like " + DEFAULT_VERSION);
    }
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      throw new ChannelException(FailureKind.CONFIG, "Graph API address is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null) {
      throw new ChannelException(FailureKind.CONFIG, "Graph API address must look like https://host");
    }
    if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(uri.getHost()))) {
      throw new ChannelException(FailureKind.CONFIG, "Graph API address must start with https://");
    }
    return URI.create(raw + "/" + version);
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
  }
}
