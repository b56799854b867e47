package org.switchboard.channels;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.switchboard.http.JaxRs;

/** Wires connectors, numbers and webhooks. */
public final class ChannelsModule extends AbstractModule {
  @Override
  protected void configure() {
    Multibinder<Object> resources = Multibinder.newSetBinder(binder(), Object.class, JaxRs.class);
    resources.addBinding().to(ChannelResource.class);
    resources.addBinding().to(WebhookResource.class);
  }
}
