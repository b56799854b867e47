package org.switchboard.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.switchboard.boot.ServerConfig;
import picocli.CommandLine.Option;

/**
 * The settings every command shares. Each flag falls back to its {@code SWITCHBOARD_*} environment variable; a flag
 * wins over the variable.
 */
public final class ConfigOptions {
  @Option(names = "--data", paramLabel = "DIR", description = "Data folder (env SWITCHBOARD_DATA, default ./data).")
  String data;

  @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (env SWITCHBOARD_PORT, default 8080).")
  String port;

  @Option(names = "--bind", paramLabel = "HOST", description = "Interface to listen on (env SWITCHBOARD_BIND, "
      + "default all).")
  String bind;

  @Option(names = "--public-url", paramLabel = "URL", description = "Public base URL, e.g. https://hotline.example.org"
      + " (env SWITCHBOARD_PUBLIC_URL).")
  String publicUrl;

  @Option(names = "--master-key-file", paramLabel = "FILE", description = "Master key file (env "
      + "SWITCHBOARD_MASTER_KEY_FILE, default <data>/keys/master.key).")
  String masterKeyFile;

  @Option(names = "--plugins", paramLabel = "DIR", description = "Channel plugins folder (env SWITCHBOARD_PLUGINS, "
      + "default the distribution's plugins/).")
  String plugins;

  /** Resolves flags and environment into a config. */
  public ServerConfig resolve(Map<String, String> env) {
    Path dataDir = Path.of(ServerConfig.setting(data, env, "SWITCHBOARD_DATA").orElse("data"));
    int portNumber;
    String portText = ServerConfig.setting(port, env, "SWITCHBOARD_PORT").orElse(String.valueOf(ServerConfig.DEFAULT_PORT));
    try {
      portNumber = Integer.parseInt(portText.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port must be a number between 0 and 65535");
    }
    Optional<URI> url = ServerConfig.setting(publicUrl, env, "SWITCHBOARD_PUBLIC_URL").map(text -> {
      try {
        return URI.create(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("public URL is not a valid URL");
      }
    });
    Path keyFile = ServerConfig.setting(masterKeyFile, env, "SWITCHBOARD_MASTER_KEY_FILE").map(Path::of).orElse(null);
    Path pluginsDir = ServerConfig.setting(plugins, env, "SWITCHBOARD_PLUGINS").map(Path::of)
        .orElseGet(ConfigOptions::distributionPlugins);
    String bindHost = ServerConfig.setting(bind, env, "SWITCHBOARD_BIND").orElse(null);
    return new ServerConfig(dataDir, portNumber, bindHost, url, keyFile, pluginsDir, null, null);
  }

  /** {@code <distribution>/plugins} when run from the launcher ({@code switchboard.home} set), else {@code ./plugins}. */
  static Path distributionPlugins() {
    String home = System.getProperty("switchboard.home");
    return home == null || home.isBlank() ? Path.of("plugins") : Path.of(home, "plugins");
  }
}
