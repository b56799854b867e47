package org.switchboard.conversations;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.switchboard.contacts.ContactResource;
import org.switchboard.events.EventResource;
import org.switchboard.http.JaxRs;
import org.switchboard.media.OutboundMediaResource;

/** Wires the inbox: conversations, contacts, live events and media links. */
public final class ConversationsModule extends AbstractModule {
  @Override
  protected void configure() {
    Multibinder<Object> resources = Multibinder.newSetBinder(binder(), Object.class, JaxRs.class);
    resources.addBinding().to(ConversationResource.class);
    resources.addBinding().to(ContactResource.class);
    resources.addBinding().to(EventResource.class);
    resources.addBinding().to(OutboundMediaResource.class);
  }
}
