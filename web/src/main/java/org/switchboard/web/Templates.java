package org.switchboard.web;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import com.google.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Renders Mustache templates from {@code templates/} (compiled once; {@code {{x}}} escapes HTML). */
@Singleton
public final class Templates {
  private final MustacheFactory factory = new DefaultMustacheFactory("templates");
  private final Map<String, Mustache> compiled = new ConcurrentHashMap<>();

  public String render(String template, Object... scopes) {
    Mustache mustache = compiled.computeIfAbsent(template, name -> factory.compile(name + ".mustache"));
    StringWriter out = new StringWriter(8192);
    mustache.execute(out, scopes);
    return out.toString();
  }

  /** An HTML response of a page. */
  public Response page(int status, String template, Object... scopes) {
    return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
        .entity(render(template, scopes)).build();
  }

  public Response page(String template, Object... scopes) {
    return page(200, template, scopes);
  }
}
