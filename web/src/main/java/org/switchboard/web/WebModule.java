package org.switchboard.web;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import org.glassfish.jersey.media.multipart.MultiPartFeature;
import org.switchboard.http.ErrorPages;
import org.switchboard.http.JaxRs;

/** The browser UI: pages, the public chat page, static assets and HTML error pages. */
public final class WebModule extends AbstractModule {
  @Override
  protected void configure() {
    Multibinder<Object> resources = Multibinder.newSetBinder(binder(), Object.class, JaxRs.class);
    resources.addBinding().to(SetupPage.class);
    resources.addBinding().to(LoginPage.class);
    resources.addBinding().to(InboxPage.class);
    resources.addBinding().to(SettingsPage.class);
    resources.addBinding().to(ChatPage.class);
    resources.addBinding().to(StaticResource.class);
    resources.addBinding().toInstance(new MultiPartFeature());
    OptionalBinder.newOptionalBinder(binder(), ErrorPages.class).setBinding().to(HtmlErrorPages.class);
  }
}
