package org.switchboard.boot;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import java.time.Clock;
import org.switchboard.api.HttpTransport;
import org.switchboard.channels.BuiltInChannels;
import org.switchboard.channels.ChannelRegistry;
import org.switchboard.channels.ChannelsModule;
import org.switchboard.conversations.ConversationsModule;
import org.switchboard.crypto.MasterKey;
import org.switchboard.health.HealthModule;
import org.switchboard.http.ErrorPages;
import org.switchboard.http.JaxRs;
import org.switchboard.orgs.OrgSetupStep;
import org.switchboard.orgs.OrgsModule;
import org.switchboard.plugins.JdkHttpTransport;
import org.switchboard.plugins.PluginHost;
import org.switchboard.storage.Database;
import org.switchboard.storage.Writer;
import org.switchboard.webchat.WebChatChannel;
import org.switchboard.webchat.WebChatModule;

/**
 * The root wiring: what boot already opened (config, key, database, writer, plugins), the clock, and each
 * feature's own module. Features add their HTTP resources to the {@link JaxRs} set and their org-setup steps to
 * the {@link OrgSetupStep} set.
 */
public final class ServerModule extends AbstractModule {
  private final ServerConfig config;
  private final MasterKey masterKey;
  private final Database database;
  private final Writer writer;
  private final Clock clock;
  private final HttpTransport transport;

  public ServerModule(ServerConfig config, MasterKey masterKey, Database database, Writer writer, Clock clock,
      HttpTransport transport) {
    this.config = config;
    this.masterKey = masterKey;
    this.database = database;
    this.writer = writer;
    this.clock = clock;
    this.transport = transport;
  }

  @Override
  protected void configure() {
    bind(ServerConfig.class).toInstance(config);
    bind(MasterKey.class).toInstance(masterKey);
    bind(Database.class).toInstance(database);
    bind(Writer.class).toInstance(writer);
    bind(Clock.class).toInstance(clock);
    bind(HttpTransport.class).toInstance(transport);
    Multibinder.newSetBinder(binder(), Object.class, JaxRs.class);
    Multibinder.newSetBinder(binder(), OrgSetupStep.class);
    Multibinder.newSetBinder(binder(), org.switchboard.api.Channel.class, BuiltInChannels.class)
        .addBinding().to(WebChatChannel.class);
    OptionalBinder.newOptionalBinder(binder(), ErrorPages.class);
    install(new OrgsModule());
    install(new ChannelsModule());
    install(new ConversationsModule());
    install(new WebChatModule());
    install(new HealthModule());
  }

  @Provides
  @Singleton
  ChannelRegistry channelRegistry(PluginHost plugins, @BuiltInChannels java.util.Set<org.switchboard.api.Channel> builtIn) {
    var fromPlugins = plugins.load();
    return new ChannelRegistry(builtIn, fromPlugins, plugins.statuses());
  }

  @Provides
  @Singleton
  PluginHost pluginHost() {
    com.google.inject.Injector exports = com.google.inject.Guice.createInjector(
        new org.switchboard.plugins.PluginExportsModule(transport, clock));
    return new PluginHost(config.pluginsDir(), exports, ApiVersion.current());
  }

  static JdkHttpTransport defaultTransport() {
    return new JdkHttpTransport();
  }
}
