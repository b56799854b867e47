package org.switchboard.testkit;

import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.multibindings.Multibinder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.switchboard.api.Channel;
import org.switchboard.api.HttpTransport;
import org.switchboard.auth.Caller;
import org.switchboard.auth.LoginService;
import org.switchboard.auth.TokenService;
import org.switchboard.boot.ServerConfig;
import org.switchboard.boot.Switchboard;
import org.switchboard.channels.BuiltInChannels;
import org.switchboard.orgs.OrgService;
import org.switchboard.plugins.JdkHttpTransport;

/**
 * A real Switchboard for tests: real Jetty and Jersey on a free loopback port, real SQLite in a temp folder, real
 * libsodium, and an HTTP transport that refuses anything past loopback. Restartable on the same data folder.
 *
 * <p>A channel under test runs inside it without pf4j: {@code builder().channel(channel)} adds it to the server's
 * built-in channels, exactly where the web chat sits.
 */
public final class TestSwitchboard implements AutoCloseable {
  public static final String PASSWORD = "correct horse battery staple";

  private final Path dataDir;
  private final List<Module> modules;
  private final Optional<Path> pluginsDir;
  private final Clock clock;
  private final HttpTransport transport;
  private Switchboard server;
  private int port;

  private TestSwitchboard(Path dataDir, List<Module> modules, Optional<Path> pluginsDir, Clock clock,
      HttpTransport transport) {
    this.dataDir = dataDir;
    this.modules = modules;
    this.pluginsDir = pluginsDir;
    this.clock = clock;
    this.transport = transport;
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
    private HttpTransport transport;

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

    /** The HTTP transport the server and its channels use (default: {@code new JdkHttpTransport(true)}). */
    public Builder transport(HttpTransport transport) {
      this.transport = transport;
      return this;
    }

    /**
     * Runs {@code channel} inside the server as a built-in channel (no plugin JAR, no pf4j), e.g. a plugin's
     * channel built with the test's transport, clock and logger. Kept across {@link TestSwitchboard#restart()}.
     */
    public Builder channel(Channel channel) {
      java.util.Objects.requireNonNull(channel, "channel");
      modules.add(binder -> Multibinder.newSetBinder(binder, Channel.class, BuiltInChannels.class).addBinding()
          .toInstance(channel));
      return this;
    }

    public TestSwitchboard start() {
      try {
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory("switchboard-test");
        TestSwitchboard test = new TestSwitchboard(dir, List.copyOf(modules), Optional.ofNullable(pluginsDir), clock,
            transport != null ? transport : new JdkHttpTransport(true));
        test.boot(0);
        return test;
      } catch (Exception e) {
        throw new IllegalStateException("test server failed to start: " + e, e);
      }
    }
  }

  /**
   * The JDK HTTP client traces its internals at DEBUG through {@code System.Logger}; with a test capturing logs at
   * DEBUG ({@link LogCapture}) that is thousands of lines per request and slows every test to a crawl. The JDK HTTP
   * server under the fake providers logs each request line at DEBUG: the fakes' logs, not the server's. Production
   * logs at INFO and sees neither.
   */
  private static void quietJdkTracing() {
    if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
      context.getLogger("jdk.internal").setLevel(ch.qos.logback.classic.Level.INFO);
      context.getLogger("com.sun.net.httpserver").setLevel(ch.qos.logback.classic.Level.INFO);
    }
  }

  private void boot(int fixedPort) throws Exception {
    quietJdkTracing();
    Path plugins = pluginsDir.orElse(dataDir.resolve("no-plugins"));
    ServerConfig config = ServerConfig.forDataDir(dataDir).withPort(fixedPort).withBindHost("127.0.0.1")
        .withPluginsDir(plugins);
    server = Switchboard.open(config, modules, clock, transport, Stage.PRODUCTION);
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

  /** The transport the server lends to channels. */
  public HttpTransport transport() {
    return transport;
  }

  /** The server's clock. */
  public Clock clock() {
    return clock;
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
