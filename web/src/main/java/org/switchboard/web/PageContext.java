package org.switchboard.web;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.switchboard.auth.Caller;
import org.switchboard.channels.ChannelHealthBoard;
import org.switchboard.channels.ConnectorService;
import org.switchboard.contacts.ContactLabel;
import org.switchboard.errors.ReasonedException;
import org.switchboard.http.AuthFilter;
import org.switchboard.orgs.OrgService;

/**
 * What every page needs: the language and its {@code t} function, the member and their CSRF token, the
 * organization's time zone, and warnings for the header (a channel that is down).
 */
@Singleton
public final class PageContext {
  /** Changes whenever static assets change, so browsers fetch new ones. */
  public static final String ASSET_VERSION = Long.toString(
      Optional.ofNullable(PageContext.class.getPackage().getImplementationVersion()).orElse("dev").hashCode() & 0xffff,
      36);

  private final I18n i18n;
  private final OrgService orgs;
  private final ConnectorService connectors;
  private final ChannelHealthBoard health;

  @Inject
  PageContext(I18n i18n, OrgService orgs, ConnectorService connectors, ChannelHealthBoard health) {
    this.i18n = i18n;
    this.orgs = orgs;
    this.connectors = connectors;
    this.health = health;
  }

  /** The base scope of a page. */
  public Map<String, Object> scope(HttpHeaders headers, Optional<Caller> caller, Optional<String> csrf,
      String page, String title) {
    Locale locale = i18n.pick(headers.getAcceptableLanguages());
    Map<String, Object> scope = new HashMap<>();
    Function<String, String> t = i18n.function(locale);
    scope.put("t", t);
    scope.put("lang", locale.getLanguage());
    scope.put("page", page);
    scope.put("title", i18n.text(locale, title));
    scope.put("assetVersion", ASSET_VERSION);
    csrf.ifPresent(c -> scope.put("csrf", c));
    caller.ifPresent(c -> {
      Map<String, Object> me = new HashMap<>();
      me.put("name", c.displayName());
      me.put("role", c.role().id());
      me.put("manager", c.role().canManage());
      me.put("org", orgs.get(c.orgId()).name());
      scope.put("me", me);
      scope.put("warnings", warnings(c.orgId()));
    });
    return scope;
  }

  /** The scope of a page for the member making this request. */
  public Map<String, Object> scope(ContainerRequestContext request, HttpHeaders headers, String page, String title) {
    Optional<Caller> caller = AuthFilter.optionalCaller(request.getSecurityContext());
    Optional<String> csrf = Optional.ofNullable((String) request.getProperty(AuthFilter.CSRF_PROPERTY));
    return scope(headers, caller, csrf, page, title);
  }

  public String text(HttpHeaders headers, String key) {
    return i18n.text(i18n.pick(headers.getAcceptableLanguages()), key);
  }

  /** Why something was refused, in the reader's language when the reason has a message key, else as given. */
  public String reason(HttpHeaders headers, RuntimeException refusal) {
    if (refusal instanceof ReasonedException reasoned && reasoned.key().isPresent()) {
      return i18n.text(i18n.pick(headers.getAcceptableLanguages()), reasoned.key().get(),
          reasoned.args().toArray());
    }
    return refusal.getMessage();
  }

  /** A contact's label in the reader's language: names and addresses as they are, stand-ins translated. */
  public String label(HttpHeaders headers, ContactLabel label) {
    return label.key().map(key -> i18n.text(i18n.pick(headers.getAcceptableLanguages()), key, label.number()))
        .orElse(label.text());
  }

  /** Channel problems for the header banner. */
  public List<Map<String, String>> warnings(long orgId) {
    List<Map<String, String>> warnings = new ArrayList<>();
    for (var connector : connectors.list(orgId)) {
      health.get(connector.id()).filter(r -> !r.health().isOk()).ifPresent(r -> warnings.add(Map.of(
          "name", connector.name(), "message", r.health().message(), "action", r.health().action(),
          "link", "/settings/connectors/" + connector.id())));
    }
    return warnings;
  }

  /** Formats a time for the org: {@code HH:mm} today, else date and time. */
  public Map<String, String> time(long orgId, Instant instant) {
    ZoneId zone = orgs.get(orgId).timezone();
    var local = instant.atZone(zone);
    boolean today = local.toLocalDate().equals(Instant.now().atZone(zone).toLocalDate());
    return Map.of("iso", instant.toString(), "when",
        local.format(DateTimeFormatter.ofPattern(today ? "HH:mm" : "yyyy-MM-dd HH:mm")));
  }
}
