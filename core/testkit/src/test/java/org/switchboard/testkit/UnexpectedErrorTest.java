package org.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.junit.jupiter.api.Test;
import org.switchboard.http.JaxRs;
import org.switchboard.http.Public;

/** A bug answers a bare 500, and its log line names the route, never the path: paths carry secret tokens. */
class UnexpectedErrorTest {
  private static final String TOKEN = "tok_9f3a1c7e55d04b2a8e61";

  /** A resource with a bug, under a path shaped like the webhook and chat routes. */
  @Public
  @Path("broken")
  public static final class Broken {
    @GET
    @Path("{token}")
    public String get(@PathParam("token") String token) {
      throw new IllegalStateException("a bug");
    }
  }

  @Test
  void aBugIsLoggedByRouteWithoutTheTokenAndAnsweredWithoutDetails() throws Exception {
    AbstractModule broken = new AbstractModule() {
      @Override
      protected void configure() {
        Multibinder.newSetBinder(binder(), Object.class, JaxRs.class).addBinding().to(Broken.class);
      }
    };
    TestSwitchboard server = TestSwitchboard.builder().module(broken).start();
    try (LogCapture logs = LogCapture.start(); server) {
      TestHttp.Reply reply = server.http().get("/broken/" + TOKEN);
      assertThat(reply.status()).isEqualTo(500);
      assertThat(reply.json().get("error").asText()).isEqualTo("internal");
      assertThat(reply.body()).doesNotContain("IllegalStateException").doesNotContain(TOKEN);
      assertThat(logs.all()).contains("unexpected failure on /broken/{token}").contains("IllegalStateException")
          .doesNotContain(TOKEN);
    } finally {
      server.deleteData();
    }
  }
}
