package org.switchboard.plugins.twilio;

import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.switchboard.api.Address;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelDescriptor;
import org.switchboard.api.ChannelDescriptor.Capability;
import org.switchboard.api.ChannelException;
import org.switchboard.api.ChannelLimits;
import org.switchboard.api.ConfigField;
import org.switchboard.api.FailureKind;
import org.switchboard.api.HttpTransport;

/**
 * SignalWire SMS and MMS through its Twilio-compatible (cXML/LaML) API at {@code {space}/api/laml}.
 *
 * <p>Inbound webhook example (anonymized), signed with {@code X-SignalWire-Signature} (the Twilio algorithm keyed
 * with the space's signing key): {@code MessageSid=0a059168-…&AccountSid=ea108133-…&From=%2B15550100
 * &To=%2B15550199&Body=Hello&NumMedia=0}.
 */
@Extension
public final class SignalWireChannel extends TwilioApiChannel {
  public static final String TYPE = "signalwire";
  private static final Pattern PROJECT_ID = Pattern.compile("[A-Za-z0-9-]{8,64}");

  private static final ChannelDescriptor DESCRIPTOR = new ChannelDescriptor(TYPE, "SignalWire (SMS, MMS)",
      "Text people from SignalWire phone numbers through SignalWire's Twilio-compatible API.",
      List.of(
          new ConfigField("spaceUrl", "Space URL", ConfigField.Type.URL, true,
              "Your space's address, like https://example.signalwire.com.", ""),
          ConfigField.text("projectId", "Project ID", "SignalWire space → API → Project ID."),
          ConfigField.secret("apiToken", "API token", "SignalWire space → API → API Tokens, with Messaging "
              + "and Numbers scopes."),
          ConfigField.secret("signingKey", "Signing key",
              "SignalWire space → API → Signing Key. Verifies SignalWire's webhooks.")),
      Set.of(Capability.WEBHOOKS, Capability.NUMBER_DIRECTORY, Capability.MEDIA, Capability.DELIVERY_STATUS));

  @Inject
  public SignalWireChannel(HttpTransport http, Clock clock, Logger log) {
    this(http, clock, log, API_TIMEOUT, MEDIA_TIMEOUT);
  }

  SignalWireChannel(HttpTransport http, Clock clock, Logger log, Duration apiTimeout, Duration mediaTimeout) {
    super(http, clock, log, apiTimeout, mediaTimeout);
  }

  @Override
  public ChannelDescriptor descriptor() {
    return DESCRIPTOR;
  }

  /** SignalWire's messaging API mirrors Twilio's SMS/MMS limits: 1600 characters, 10 media, 5 MB. */
  @Override
  public ChannelLimits limits(Address channelAddress) {
    return TwilioChannel.SMS;
  }

  @Override
  TwilioAccount account(ChannelConfig config) throws ChannelException {
    String space = TwilioAccount.required(config, "spaceUrl", "Space URL");
    if (!space.toLowerCase(Locale.ROOT).startsWith("http")) {
      space = "https://" + space;
    }
    URI api = URI.create(TwilioAccount.baseUrl(space, "Space URL") + "/api/laml");
    String project = TwilioAccount.required(config, "projectId", "Project ID");
    if (!PROJECT_ID.matcher(project).matches()) {
      throw new ChannelException(FailureKind.CONFIG, "Project ID must be the UUID shown in the SignalWire space");
    }
    return new TwilioAccount("SignalWire", project, TwilioAccount.secret(config, "apiToken", "API token"),
        TwilioAccount.secret(config, "signingKey", "Signing key"), api, Optional.empty(),
        List.of("X-SignalWire-Signature", "X-Twilio-Signature"), false);
  }

  @Override
  TwilioHealthCheck.Credentials credentials() {
    return new TwilioHealthCheck.Credentials("Project ID", "Project ID or API token is wrong",
        "Copy both from your SignalWire space (API → Project ID and API Tokens), paste them here and save.");
  }
}
