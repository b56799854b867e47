package org.switchboard.orgs;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.switchboard.auth.AuthResource;
import org.switchboard.http.JaxRs;
import org.switchboard.users.UserResource;

/** Wires organizations, members and API tokens. */
public final class OrgsModule extends AbstractModule {
  @Override
  protected void configure() {
    Multibinder<Object> resources = Multibinder.newSetBinder(binder(), Object.class, JaxRs.class);
    resources.addBinding().to(AuthResource.class);
    resources.addBinding().to(UserResource.class);
  }
}
