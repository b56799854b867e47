package org.switchboard.testkit;

import com.google.inject.Module;
import com.google.inject.Stage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.switchboard.auth.Caller;
import org.switchboard.auth.LoginService;
import org.switchboard.auth.TokenService;
import org.switchboard.boot.ServerConfig;
import org.switchboard.boot.Switchboard;
import org.switchboard.orgs.OrgService;
import org.switchboard.plugins.JdkHttpTransport;

/**
 * A real Switchboard for tests: real Jetty and Jersey on a free loopback port, real SQLite in a temp folder, real
 * libsodium, and an HTTP transport that refuses anything past loopback. Restartable on the same data folder.
 */
public final class TestSwitchboard implements AutoCloseable {
  public static final String PASSWORD = "correct horse battery staple";

  private final Path dataDir;
  private final List<Module> modules;
  private final Optional<Path> pluginsDir;
  private final Clock clock;
  private Switchboard server;
  private int port;

  private TestSwitchboard(Path dataDir, List<Module> modules, Optional<Path> pluginsDir, Clock clock) {
    this.dataDir = dataDir;
    this.modules = modules;
    this.pluginsDir = pluginsDir;
    this.clock = clock;
  }

  /** Builds a test server. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts a server with defaults (no plugins, no web UI). */
  public static TestSwitchboard start() {
    return builder().start();
  }

  /** Configures a test server. */
  public static final class Builder {
    private Path dataDir;
    private final List<Module> modules = new ArrayList<>();
    private Path pluginsDir;
    private Clock clock = Clock.systemUTC();

    public Builder dataDir(Path dir) {
      this.dataDir = dir;
      return this;
    }

    public Builder module(Module module) {
      modules.add(module);
      return this;
    }

    public Builder plugins(Path dir) {
      this.pluginsDir = dir;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public TestSwitchboard start() {
      try {
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory("switchboard-test");
        TestSwitchboard test = new TestSwitchboard(dir, List.copyOf(modules), Optional.ofNullable(pluginsDir), clock);
        test.boot(0);
        return test;
      } catch (Exception e) {
        throw new IllegalStateException("test server failed to start: " + e, e);
      }
    }
  }

  private void boot(int fixedPort) throws Exception {
    Path plugins = pluginsDir.orElse(dataDir.resolve("no-plugins"));
    ServerConfig config = ServerConfig.forDataDir(dataDir).withPort(fixedPort).withBindHost("127.0.0.1")
        .withPluginsDir(plugins);
    server = Switchboard.open(config, modules, clock, new JdkHttpTransport(true), Stage.PRODUCTION);
    port = server.start();
  }

  /** Stops and starts again on the same data folder and port (providers keep their webhook URLs). */
  public void restart() {
    int previous = port;
    server.close();
    try {
      boot(previous);
    } catch (Exception e) {
      throw new IllegalStateException("restart failed: " + e, e);
    }
  }

  /** An organization made for a test, with its owner's credentials. */
  public record Org(long id, long ownerId, String ownerEmail, String recoveryCode) {}

  /** Creates an organization (owner password {@link #PASSWORD}). */
  public Org createOrg(String name) {
    String email = "owner-" + name.toLowerCase().replaceAll("[^a-z0-9]", "") + "@example.org";
    OrgService.Created created = get(OrgService.class).create(name, "Europe/Berlin", email, "Owner of " + name,
        PASSWORD);
    return new Org(created.orgId(), created.ownerId(), email, created.recoveryCode());
  }

  /** Logs a member in (as a service call) and returns their unlocked caller. */
  public Caller login(String email) {
    return get(LoginService.class).authenticate(email, PASSWORD, "127.0.0.1");
  }

  /** A fresh API token for a member. */
  public String apiToken(String email) {
    Caller caller = login(email);
    try {
      return get(TokenService.class).create(caller, "test").token();
    } finally {
      caller.keys().close();
    }
  }

  /** An HTTP client pointed at this server. */
  public TestHttp http() {
    return new TestHttp(baseUrl());
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public <T> T get(Class<T> type) {
    return server.get(type);
  }

  public Switchboard server() {
    return server;
  }

  public Path dataDir() {
    return dataDir;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** Deletes the data folder (call after close). */
  public void deleteData() throws IOException {
    if (Files.exists(dataDir)) {
      try (var files = Files.walk(dataDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
