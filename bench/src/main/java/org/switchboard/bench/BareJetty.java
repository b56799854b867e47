package org.switchboard.bench;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP ceiling: Jetty with the server's thread pool and a handler that reads the whole POST body and answers
 * 200 — no servlet, no Jersey, no work. Run in its own JVM ({@code BareJetty <port>}) with the server's JVM flags.
 */
public final class BareJetty {
  private BareJetty() {
  }

  public static void main(String[] args) throws Exception {
    Server server = new Server(new QueuedThreadPool(200, 8));
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(Integer.parseInt(args[0]));
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Content.Source.asString(request);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        Content.Sink.write(response, true, "ok", callback);
        return true;
      }
    });
    server.start();
    server.join();
  }
}
