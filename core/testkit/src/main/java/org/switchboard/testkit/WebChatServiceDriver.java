package org.switchboard.testkit;

import java.util.UUID;
import org.switchboard.webchat.Visitor;
import org.switchboard.webchat.WebChatService;

/** Writes to a test server's web chat as one visitor would (through the service, without a browser). */
public final class WebChatServiceDriver {
  private final TestSwitchboard server;
  private final String token;
  private final Visitor visitor = Visitor.create();

  public WebChatServiceDriver(TestSwitchboard server, String token) {
    this.server = server;
    this.token = token;
  }

  public WebChatServiceDriver say(String text) {
    server.get(WebChatService.class).post(token, visitor, visitor.formToken(), text,
        UUID.randomUUID().toString().replace("-", ""), "127.0.0.1");
    return this;
  }

  public Visitor visitor() {
    return visitor;
  }
}
