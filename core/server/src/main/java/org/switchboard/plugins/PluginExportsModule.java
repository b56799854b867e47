package org.switchboard.plugins;

import com.google.inject.AbstractModule;
import java.time.Clock;
import org.switchboard.api.HttpTransport;

/** The whole of what a plugin may inject: the HTTP transport and the clock (a logger is added per plugin). */
public final class PluginExportsModule extends AbstractModule {
  private final HttpTransport transport;
  private final Clock clock;

  public PluginExportsModule(HttpTransport transport, Clock clock) {
    this.transport = transport;
    this.clock = clock;
  }

  @Override
  protected void configure() {
    bind(HttpTransport.class).toInstance(transport);
    bind(Clock.class).toInstance(clock);
  }
}
