package org.switchboard.web;

import com.google.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
  public Response render(int status, String message, Optional<String> key, List<Object> args, String path,
      HttpHeaders headers) {
    Locale locale = i18n.pick(headers == null ? List.of() : headers.getAcceptableLanguages());
    Map<String, Object> scope = new HashMap<>();
    Function<String, String> t = i18n.function(locale);
    scope.put("t", t);
    scope.put("lang", locale.getLanguage());
    scope.put("title", i18n.text(locale, "error.title"));
    scope.put("assetVersion", PageContext.ASSET_VERSION);
    scope.put("status", status);
    scope.put("message", key.map(k -> i18n.text(locale, k, args.toArray())).orElse(message));
    scope.put("back", path.startsWith("/chat/") ? path.replaceAll("^(/chat/[^/]+).*", "$1") : "/");
    return templates.page(status, "error", scope);
  }
}
