package org.switchboard.http;

import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.Singleton;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.switchboard.boot.PublicUrls;
import org.switchboard.boot.ServerConfig;

/**
 * Jetty 12 serving Jersey: every feature's resources and providers (Guice-built instances from the {@link JaxRs}
 * set), the exception mappers, the auth and security-header filters. Behind a proxy (public URL set) it honours
 * {@code X-Forwarded-*} from a local proxy ({@link TrustedProxies}) so client addresses are seen as it reports them.
 */
@Singleton
public final class HttpServer implements AutoCloseable {
  private static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";
  private final ServerConfig config;
  private final PublicUrls urls;
  private final Injector injector;
  private final Set<Object> components;
  private Server server;

  @Inject
  HttpServer(ServerConfig config, PublicUrls urls, Injector injector, @JaxRs Set<Object> components) {
    this.config = config;
    this.urls = urls;
    this.injector = injector;
    this.components = components;
  }

  /** Starts listening; returns the bound port. */
  public int start() throws Exception {
    // Jetty pads its queues by how many references fill a cache line. Unless told, it starts the JMX platform server
    // to ask the VM whether references are compressed: some 400 classes and megabytes an idle server never needs.
    // Below 32 GB of heap they are (4 bytes each, 16 to a 64-byte line).
    if (System.getProperty(REFERENCES_PER_CACHE_LINE) == null) {
      boolean compressed = Runtime.getRuntime().maxMemory() < 32L * 1024 * 1024 * 1024;
      System.setProperty(REFERENCES_PER_CACHE_LINE, compressed ? "16" : "8");
    }
    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("http");
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(16 * 1024);
    if (config.publicUrl().isPresent()) {
      http.addCustomizer(new TrustedProxies());
    }
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(config.bindHost());
    connector.setPort(config.port());
    connector.setIdleTimeout(60_000);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler("/");
    context.setMaxFormContentSize(2 * 1024 * 1024);
    ServletHolder jersey = new ServletHolder("jersey", new ServletContainer(resourceConfig()));
    jersey.setAsyncSupported(true);
    jersey.setInitOrder(1);
    context.addServlet(jersey, "/*");
    server.setHandler(context);
    server.setStopAtShutdown(false);
    server.start();
    int port = connector.getLocalPort();
    urls.bound(port);
    return port;
  }

  private ResourceConfig resourceConfig() {
    ResourceConfig resources = new ResourceConfig();
    resources.property(ServerProperties.WADL_FEATURE_DISABLE, true);
    resources.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
    resources.property(ServerProperties.PROCESSING_RESPONSE_ERRORS_ENABLED, true);
    resources.property(ServerProperties.BV_FEATURE_DISABLE, true);
    resources.register(org.glassfish.jersey.jackson.JacksonFeature.withoutExceptionMappers());
    resources.register(new JsonMapper());
    resources.register(injector.getInstance(AuthFilter.class));
    resources.register(new SecurityHeadersFilter());
    for (Class<?> mapper : ExceptionMappers.all()) {
      resources.register(injector.getInstance(mapper));
    }
    components.forEach(resources::register);
    return resources;
  }

  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  @Override
  public void close() throws Exception {
    if (server != null) {
      server.stop();
    }
  }
}
