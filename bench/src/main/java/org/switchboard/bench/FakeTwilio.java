package org.switchboard.bench;

import java.net.URI;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * Just enough of Twilio's REST API for a connector to be created and a number activated: the account check
 * ({@code GET /2010-04-01/Accounts/{sid}.json}), the number list ({@code IncomingPhoneNumbers.json}, one number)
 * and an empty WhatsApp sender list. Anything else answers 404.
 */
final class FakeTwilio implements AutoCloseable {
  static final String ACCOUNT_SID = "AC" + "0123456789abcdef".repeat(2);
  static final String AUTH_TOKEN = "bench-auth-token-" + "5f3a".repeat(4);
  static final String NUMBER_SID = "PN" + "fedcba9876543210".repeat(2);
  static final String NUMBER = "+15005550006";

  private static final String ACCOUNT = "{\"sid\":\"" + ACCOUNT_SID + "\",\"friendly_name\":\"Bench hotline\","
      + "\"status\":\"active\"}";
  private static final String NUMBERS = "{\"incoming_phone_numbers\":[{\"sid\":\"" + NUMBER_SID + "\","
      + "\"phone_number\":\"" + NUMBER + "\",\"friendly_name\":\"Hotline\",\"capabilities\":{\"sms\":true,"
      + "\"mms\":true},\"sms_url\":\"\"}],\"next_page_uri\":null}";
  private static final String SENDERS = "{\"senders\":[],\"meta\":{\"next_page_url\":null}}";

  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);

  FakeTwilio() throws Exception {
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        String json = path.equals("/2010-04-01/Accounts/" + ACCOUNT_SID + ".json") ? ACCOUNT
            : path.equals("/2010-04-01/Accounts/" + ACCOUNT_SID + "/IncomingPhoneNumbers.json") ? NUMBERS
            : path.equals("/v2/Channels/Senders") ? SENDERS : null;
        if (json == null) {
          Response.writeError(request, response, callback, 404);
          return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, json, callback);
        return true;
      }
    });
    server.start();
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
