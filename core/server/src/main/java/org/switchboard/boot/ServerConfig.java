package org.switchboard.boot;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the server keeps its data and how it is reached. Each setting comes from a flag or a {@code SWITCHBOARD_*}
 * environment variable (a flag wins); see the README's configuration table.
 *
 * @param dataDir the data folder (database, keys, backups); {@code SWITCHBOARD_DATA}, default {@code ./data}
 * @param port the HTTP port; {@code SWITCHBOARD_PORT}, default 8080 (0 picks a free port, for tests)
 * @param bindHost the interface to listen on; {@code SWITCHBOARD_BIND}, default all interfaces
 * @param publicUrl the base URL people and providers use; {@code SWITCHBOARD_PUBLIC_URL}
 * @param masterKeyFile the master key; {@code SWITCHBOARD_MASTER_KEY_FILE}, default {@code <data>/keys/master.key}
 * @param pluginsDir channel plugin JARs; {@code SWITCHBOARD_PLUGINS}, default the distribution's {@code plugins/}
 */
public record ServerConfig(Path dataDir, int port, String bindHost, Optional<URI> publicUrl, Path masterKeyFile,
    Path pluginsDir, Duration sessionIdleTimeout, Duration sessionMaxAge) {

  public static final int DEFAULT_PORT = 8080;

  public ServerConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535");
    }
    bindHost = bindHost == null || bindHost.isBlank() ? "0.0.0.0" : bindHost;
    publicUrl = publicUrl == null ? Optional.empty() : publicUrl.map(ServerConfig::checkPublicUrl);
    masterKeyFile = masterKeyFile == null ? dataDir.resolve("keys").resolve("master.key") : masterKeyFile;
    pluginsDir = pluginsDir == null ? Path.of("plugins") : pluginsDir;
    sessionIdleTimeout = sessionIdleTimeout == null ? Duration.ofHours(2) : sessionIdleTimeout;
    sessionMaxAge = sessionMaxAge == null ? Duration.ofHours(12) : sessionMaxAge;
  }

  /** Defaults for a data folder (used by tests and tools). */
  public static ServerConfig forDataDir(Path dataDir) {
    return new ServerConfig(dataDir, DEFAULT_PORT, null, Optional.empty(), null, null, null, null);
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(dataDir, newPort, bindHost, publicUrl, masterKeyFile, pluginsDir, sessionIdleTimeout,
        sessionMaxAge);
  }

  public ServerConfig withPublicUrl(URI url) {
    return new ServerConfig(dataDir, port, bindHost, Optional.of(url), masterKeyFile, pluginsDir, sessionIdleTimeout,
        sessionMaxAge);
  }

  public ServerConfig withPluginsDir(Path dir) {
    return new ServerConfig(dataDir, port, bindHost, publicUrl, masterKeyFile, dir, sessionIdleTimeout,
        sessionMaxAge);
  }

  public ServerConfig withBindHost(String host) {
    return new ServerConfig(dataDir, port, host, publicUrl, masterKeyFile, pluginsDir, sessionIdleTimeout,
        sessionMaxAge);
  }

  /** The base URL for links and webhook URLs: the configured public URL, else {@code http://localhost:<port>}. */
  public URI baseUrl(int actualPort) {
    return publicUrl.orElse(URI.create("http://localhost:" + actualPort));
  }

  /** Reads a setting: the flag value if given, else the environment variable, else empty. */
  public static Optional<String> setting(String flagValue, Map<String, String> env, String variable) {
    if (flagValue != null && !flagValue.isBlank()) {
      return Optional.of(flagValue);
    }
    String value = env.get(variable);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static URI checkPublicUrl(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
      throw new IllegalArgumentException("public URL must be an absolute http(s) URL, e.g. https://hotline.example.org");
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw new IllegalArgumentException("public URL must not have a query or fragment");
    }
    String text = url.toString();
    return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
  }
}
