package org.switchboard.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
  @Test
  void flagWinsOverEnvironmentWhichWinsOverDefault() {
    Map<String, String> env = Map.of("SWITCHBOARD_PORT", "9000");
    assertThat(ServerConfig.setting("9100", env, "SWITCHBOARD_PORT")).contains("9100");
    assertThat(ServerConfig.setting(null, env, "SWITCHBOARD_PORT")).contains("9000");
    assertThat(ServerConfig.setting(null, Map.of(), "SWITCHBOARD_PORT")).isEmpty();
  }

  @Test
  void defaultsKeyFileInsideTheDataFolder() {
    ServerConfig config = ServerConfig.forDataDir(Path.of("/srv/sb"));
    assertThat(config.masterKeyFile()).isEqualTo(Path.of("/srv/sb/keys/master.key"));
    assertThat(config.baseUrl(8080)).isEqualTo(URI.create("http://localhost:8080"));
  }

  @Test
  void publicUrlMustBeAbsoluteHttpWithoutQueryAndLosesATrailingSlash() {
    ServerConfig config = ServerConfig.forDataDir(Path.of("d")).withPublicUrl(URI.create("https://hotline.example.org/"));
    assertThat(config.publicUrl()).contains(URI.create("https://hotline.example.org"));
    assertThatThrownBy(() -> ServerConfig.forDataDir(Path.of("d")).withPublicUrl(URI.create("hotline.example.org")))
        .hasMessageContaining("absolute http(s) URL");
    assertThatThrownBy(() -> new ServerConfig(Path.of("d"), 70000, null, Optional.empty(), null, null, null, null))
        .hasMessageContaining("port");
  }
}
