package org.switchboard.boot;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.HttpTransport;
import org.switchboard.auth.SessionService;
import org.switchboard.channels.ChannelRegistry;
import org.switchboard.channels.HealthMonitor;
import org.switchboard.channels.StreamSupervisor;
import org.switchboard.crypto.MasterKey;
import org.switchboard.http.HttpServer;
import org.switchboard.media.MediaFetcher;
import org.switchboard.orgs.SetupService;
import org.switchboard.outbox.Dispatcher;
import org.switchboard.plugins.JdkHttpTransport;
import org.switchboard.plugins.PluginHost;
import org.switchboard.storage.Database;
import org.switchboard.storage.Writer;

/**
 * One running Switchboard: opens the master key and the database, loads plugins, wires the features, starts HTTP
 * and the background workers, and stops them in reverse order. The CLI's {@code serve} and the tests use it.
 */
public final class Switchboard implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Switchboard.class);

  private final Injector injector;
  private final Database database;
  private final Writer writer;
  private final List<AutoCloseable> stopOrder = new ArrayList<>();
  private int port;

  private Switchboard(Injector injector, Database database, Writer writer) {
    this.injector = injector;
    this.database = database;
    this.writer = writer;
  }

  /** Wires a server to serve: every singleton built up front, so start-up fails fast. */
  public static Switchboard open(ServerConfig config, List<Module> extraModules) throws IOException {
    return open(config, extraModules, Clock.systemUTC(), new JdkHttpTransport(), Stage.PRODUCTION);
  }

  /** Wires a server for a one-off command: parts are built only when asked for (no plugins loaded needlessly). */
  public static Switchboard openForTool(ServerConfig config, List<Module> extraModules) throws IOException {
    return open(config, extraModules, Clock.systemUTC(), new JdkHttpTransport(), Stage.DEVELOPMENT);
  }

  /** Wires a server with an injected clock and transport (tests). */
  public static Switchboard open(ServerConfig config, List<Module> extraModules, Clock clock,
      HttpTransport transport, Stage stage) throws IOException {
    routeJulToSlf4j();
    ensurePrivateFolder(config.dataDir());
    MasterKey masterKey = loadMasterKey(config);
    Database database = Database.open(config.dataDir());
    Writer writer = new Writer(database);
    List<Module> modules = new ArrayList<>();
    modules.add(new ServerModule(config, masterKey, database, writer, clock, transport));
    modules.addAll(extraModules);
    Injector injector;
    try {
      injector = Guice.createInjector(stage, modules);
    } catch (RuntimeException e) {
      writer.close();
      database.close();
      throw e;
    }
    return new Switchboard(injector, database, writer);
  }

  /** Jersey and HK2 log through java.util.logging; send it to the same (redacting) log output. */
  private static synchronized void routeJulToSlf4j() {
    if (!org.slf4j.bridge.SLF4JBridgeHandler.isInstalled()) {
      org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
      org.slf4j.bridge.SLF4JBridgeHandler.install();
    }
  }

  /** Creates the data folder readable by this user only (it holds the database and, by default, the key). */
  private static void ensurePrivateFolder(java.nio.file.Path dir) throws IOException {
    if (!java.nio.file.Files.exists(dir)) {
      java.nio.file.Files.createDirectories(dir);
      if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        java.nio.file.Files.setPosixFilePermissions(dir,
            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      }
    }
  }

  private static MasterKey loadMasterKey(ServerConfig config) throws IOException {
    boolean isDefault = config.masterKeyFile().equals(config.dataDir().resolve("keys").resolve("master.key"));
    return MasterKey.load(config.masterKeyFile(), isDefault);
  }

  /** Starts HTTP and the workers; returns the bound port. */
  public int start() throws Exception {
    ChannelRegistry registry = injector.getInstance(ChannelRegistry.class);
    registry.plugins().stream().filter(p -> p.failed())
        .forEach(p -> log.warn("plugin {} is not loaded: {}", p.id(), p.problem()));
    HttpServer http = injector.getInstance(HttpServer.class);
    port = http.start();
    stopOrder.add(http);
    Dispatcher dispatcher = injector.getInstance(Dispatcher.class);
    dispatcher.start();
    stopOrder.add(dispatcher);
    MediaFetcher fetcher = injector.getInstance(MediaFetcher.class);
    fetcher.start();
    stopOrder.add(fetcher);
    StreamSupervisor streams = injector.getInstance(StreamSupervisor.class);
    streams.start();
    stopOrder.add(streams);
    HealthMonitor monitor = injector.getInstance(HealthMonitor.class);
    monitor.start();
    stopOrder.add(monitor);
    Housekeeping housekeeping = injector.getInstance(Housekeeping.class);
    housekeeping.start();
    stopOrder.add(housekeeping);
    return port;
  }

  /** The one-time setup code while no organization exists. */
  public Optional<String> setupCode() {
    return injector.getInstance(SetupService.class).setupCode();
  }

  public <T> T get(Class<T> type) {
    return injector.getInstance(type);
  }

  public Injector injector() {
    return injector;
  }

  public int port() {
    return port;
  }

  public Database database() {
    return database;
  }

  @Override
  public void close() {
    try {
      injector.getInstance(org.switchboard.events.LiveStreams.class).close();
    } catch (RuntimeException e) {
      log.debug("closing live streams: {}", e.toString());
    }
    java.util.Collections.reverse(stopOrder);
    for (AutoCloseable part : stopOrder) {
      try {
        part.close();
      } catch (Exception e) {
        log.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
      }
    }
    stopOrder.clear();
    try {
      injector.getInstance(SessionService.class).endAll();
      injector.getInstance(PluginHost.class).close();
    } catch (RuntimeException e) {
      log.debug("closing: {}", e.toString());
    }
    writer.close();
    database.close();
  }
}
