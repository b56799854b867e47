package org.switchboard.health;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.switchboard.http.JaxRs;

/** Wires {@code /healthz}. */
public final class HealthModule extends AbstractModule {
  @Override
  protected void configure() {
    Multibinder.newSetBinder(binder(), Object.class, JaxRs.class).addBinding().to(HealthResource.class);
  }
}
