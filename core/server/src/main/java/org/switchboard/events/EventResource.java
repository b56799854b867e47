package org.switchboard.events;

import com.google.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.switchboard.auth.Caller;
import org.switchboard.http.AuthFilter;

/**
 * {@code /api/v1/events}: server-sent events for live inboxes — kinds and ids only ({@code message},
 * {@code status}, {@code conversation}, {@code health}); clients fetch what changed. A comment every 20 s keeps
 * proxies from closing the stream and notices departed clients.
 */
@Path("/api/v1/events")
public final class EventResource {
  private final LiveStreams streams;

  @Inject
  EventResource(LiveStreams streams) {
    this.streams = streams;
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void events(@Context SecurityContext security, @Context SseEventSink sink, @Context Sse sse) {
    Caller caller = AuthFilter.caller(security);
    streams.openOrgStream(caller.orgId(), sink, sse);
  }

  static OutboundSseEvent event(Sse sse, LiveEvent event) {
    return sse.newEventBuilder().name(event.kind()).data(event.json()).build();
  }
}
