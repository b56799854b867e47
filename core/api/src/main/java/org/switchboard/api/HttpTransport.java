package org.switchboard.api;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * The HTTP client the server lends to plugins: every call has a timeout, bodies are size-capped, and tests can
 * refuse anything past loopback. Plugins never open their own sockets.
 */
public interface HttpTransport {

  /** Sends a request and reads the whole (capped) answer; throws {@link IOException} on connect/timeout failures. */
  HttpReply send(HttpCall call) throws IOException;

  /** Opens a websocket; events arrive on {@code listener} from a transport thread. */
  WebSocketConnection openWebSocket(URI uri, Map<String, String> headers, WebSocketListener listener)
      throws IOException;

  /** Receives websocket events. */
  interface WebSocketListener {
    void onOpen(WebSocketConnection connection);

    void onText(String text);

    void onClose(int code, String reason);

    void onError(Throwable error);
  }

  /** An open websocket. */
  interface WebSocketConnection extends AutoCloseable {
    void sendText(String text);

    boolean isOpen();

    @Override
    void close();
  }
}
