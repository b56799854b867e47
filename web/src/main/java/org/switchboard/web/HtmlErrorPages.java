package org.switchboard.web;

import com.google.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.switchboard.http.ErrorPages;

/** Error pages for people: the site's layout, the reason in words, a way back. */
final class HtmlErrorPages implements ErrorPages {
  private final Templates templates;
  private final I18n i18n;

  @Inject
  HtmlErrorPages(Templates templates, I18n i18n) {
    this.templates = templates;
    this.i18n = i18n;
  }

  @Override
  public Response render(int status, String message, String path) {
    Map<String, Object> scope = new HashMap<>();
    Function<String, String> t = i18n.function(java.util.Locale.ENGLISH);
    scope.put("t", t);
    scope.put("lang", "en");
    scope.put("title", i18n.text(java.util.Locale.ENGLISH, "error.title"));
    scope.put("assetVersion", PageContext.ASSET_VERSION);
    scope.put("status", status);
    scope.put("message", message);
    scope.put("back", path.startsWith("/chat/") ? path.replaceAll("^(/chat/[^/]+).*", "$1") : "/");
    return templates.page(status, "error", scope);
  }
}
