package org.switchboard.webchat;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.switchboard.orgs.OrgSetupStep;

/** Wires the built-in web chat: every new org gets one. (Its pages live in the web module.) */
public final class WebChatModule extends AbstractModule {
  @Override
  protected void configure() {
    Multibinder.newSetBinder(binder(), OrgSetupStep.class).addBinding().to(WebChatSetup.class);
  }
}
