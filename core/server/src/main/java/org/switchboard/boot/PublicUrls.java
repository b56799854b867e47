package org.switchboard.boot;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.net.URI;

/**
 * The base URL providers and people use to reach this server: {@code SWITCHBOARD_PUBLIC_URL} when set (behind a
 * proxy), else {@code http://localhost:<port>}. Webhook URLs and signature checks are built from it.
 */
@Singleton
public final class PublicUrls {
  private final ServerConfig config;
  private volatile int port;

  @Inject
  PublicUrls(ServerConfig config) {
    this.config = config;
    this.port = config.port();
  }

  /** Called once Jetty knows its port (tests use port 0). */
  public void bound(int actualPort) {
    this.port = actualPort;
  }

  public URI base() {
    return config.baseUrl(port);
  }

  /** {@code base + path}, where path starts with {@code /}. */
  public URI resolve(String path) {
    return URI.create(base().toString() + path);
  }

  public boolean isHttps() {
    return "https".equalsIgnoreCase(base().getScheme());
  }

  public boolean configured() {
    return config.publicUrl().isPresent();
  }
}
