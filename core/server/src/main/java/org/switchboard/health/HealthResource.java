package org.switchboard.health;

import com.google.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.switchboard.channels.ChannelHealthBoard;
import org.switchboard.channels.ChannelRegistry;
import org.switchboard.channels.Connector;
import org.switchboard.channels.ConnectorService;
import org.switchboard.http.Public;
import org.switchboard.orgs.SetupService;
import org.switchboard.storage.Database;

/**
 * {@code /healthz}: 200 with the database and channel states when the server can take messages, 503 when the
 * database cannot be read. Channel warnings (a dropped Signal bridge) show as {@code degraded} but keep 200, since
 * messages on other channels still flow. Ids and states only — no names, numbers or secrets.
 */
@Path("/healthz")
@Public
public final class HealthResource {
  private final Database database;
  private final ConnectorService connectors;
  private final ChannelHealthBoard board;
  private final ChannelRegistry registry;
  private final SetupService setup;

  @Inject
  HealthResource(Database database, ConnectorService connectors, ChannelHealthBoard board, ChannelRegistry registry,
      SetupService setup) {
    this.database = database;
    this.connectors = connectors;
    this.board = board;
    this.registry = registry;
    this.setup = setup;
  }

  /** The health report. */
  public record Report(String status, String database, boolean setupComplete, List<ChannelState> channels,
      List<PluginState> plugins) {}

  /** One connector's state. */
  public record ChannelState(long connectorId, String type, String state, String message, String action) {}

  /** One plugin's state. */
  public record PluginState(String id, String version, String state, String problem) {}

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response health() {
    String db;
    try {
      database.read().selectOne().fetch();
      db = "ok";
    } catch (RuntimeException e) {
      db = "unavailable";
    }
    List<ChannelState> channels = new ArrayList<>();
    boolean degraded = false;
    if (db.equals("ok")) {
      for (Connector c : connectors.all()) {
        var reading = board.get(c.id());
        String state = reading.map(r -> r.health().state().name().toLowerCase()).orElse("unchecked");
        degraded |= reading.map(r -> !r.health().isOk()).orElse(false);
        channels.add(new ChannelState(c.id(), c.type(), state, reading.map(r -> r.health().message()).orElse(""),
            reading.map(r -> r.health().action()).orElse("")));
      }
    }
    List<PluginState> plugins = registry.plugins().stream()
        .map(p -> new PluginState(p.id(), p.version(), p.state(), p.problem())).toList();
    degraded |= registry.plugins().stream().anyMatch(p -> p.failed());
    boolean ready = db.equals("ok");
    Report report = new Report(!ready ? "unavailable" : degraded ? "degraded" : "ok", db,
        ready && !setup.isOpen(), channels, plugins);
    return Response.status(ready ? 200 : 503).entity(report).header("Cache-Control", "no-store").build();
  }
}
