package org.switchboard.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.switchboard.errors.MissingException;
import org.switchboard.http.Public;

/** {@code /static/*}: the UI's CSS, scripts and icons from the classpath, cached by browsers for a year. */
@Path("/static/{file: [a-z0-9-]+\\.(css|js|svg|png|ico)}")
@Public
public final class StaticResource {
  private static final Map<String, String> TYPES = Map.of("css", "text/css; charset=utf-8",
      "js", "text/javascript; charset=utf-8", "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon");
  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  @GET
  public Response get(@PathParam("file") String file) {
    byte[] data = cache.computeIfAbsent(file, StaticResource::load);
    if (data.length == 0) {
      throw new MissingException("file");
    }
    String type = TYPES.get(file.substring(file.lastIndexOf('.') + 1));
    return Response.ok(data, type).header("Cache-Control", "public, max-age=31536000, immutable").build();
  }

  private static byte[] load(String file) {
    try (InputStream in = StaticResource.class.getResourceAsStream("/static/" + file)) {
      return in == null ? new byte[0] : in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
