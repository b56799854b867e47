package org.switchboard.plugins.signal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.switchboard.api.Address;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelException;
import org.switchboard.api.FailureKind;
import org.switchboard.api.HttpTransport;
import org.switchboard.api.NumberDirectory;
import org.switchboard.api.ProviderNumber;

/**
 * Lists the numbers registered or linked in the bridge ({@code GET /v1/accounts}, e.g. {@code ["+15550001000"]});
 * Signal needs no webhook, so {@link #setWebhook} changes nothing.
 */
final class SignalNumberDirectory implements NumberDirectory {
  static final String KIND = "signal";

  private final HttpTransport http;
  private final ObjectMapper json;

  SignalNumberDirectory(HttpTransport http, ObjectMapper json) {
    this.http = http;
    this.json = json;
  }

  @Override
  public List<ProviderNumber> list(ChannelConfig config) throws ChannelException {
    SignalSettings settings;
    try {
      settings = SignalSettings.from(config);
    } catch (IllegalArgumentException e) {
      throw new ChannelException(FailureKind.CONFIG, e.getMessage());
    }
    List<String> accounts;
    try {
      accounts = new BridgeClient(http, json, settings).accounts();
    } catch (IOException e) {
      throw new ChannelException(FailureKind.CONNECTION,
          "Signal bridge unreachable at " + settings.hostAndPort() + "; check that it runs and the Bridge URL");
    } catch (BridgeException e) {
      throw new ChannelException(FailureKind.BAD_RESPONSE, "the Signal bridge could not list its numbers: "
          + e.getMessage());
    }
    List<ProviderNumber> numbers = new ArrayList<>();
    for (String number : accounts) {
      if (Address.isE164(number)) {
        numbers.add(new ProviderNumber(number, new Address(Address.SIGNAL, number), "Signal", Set.of(KIND),
            Optional.empty()));
      }
    }
    return numbers;
  }

  @Override
  public ProviderNumber setWebhook(ChannelConfig config, ProviderNumber number, URI webhookUrl) {
    // Inbound arrives over the stream the server opens (Capability.STREAM), not through a webhook.
    return number;
  }
}
