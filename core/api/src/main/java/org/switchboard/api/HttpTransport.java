package org.switchboard.api;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * The HTTP client the server lends to plugins: every call has a timeout, bodies are size-capped, and tests can
 * refuse anything past loopback. Plugins never open their own sockets.
 */
public interface HttpTransport {

  /**
   * Sends a request and reads the whole answer, up to {@link HttpCall#maxResponseBytes()}; throws
   * {@link ResponseTooLargeException} for a longer answer and {@link IOException} on connect or timeout failures.
   */
  HttpReply send(HttpCall call) throws IOException;

  /**
   * Opens a websocket and returns once it is open. The transport answers pings itself and delivers each text
   * message whole (fragments joined) on {@link WebSocketListener#onText}, from a transport thread.
   */
  WebSocketConnection openWebSocket(URI uri, Map<String, String> headers, WebSocketListener listener)
      throws IOException;

  /** An answer longer than the call allowed: permanent for that resource, not worth retrying. */
  class ResponseTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    public ResponseTooLargeException(long maxBytes) {
      super("answer larger than " + maxBytes + " bytes");
    }
  }

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
