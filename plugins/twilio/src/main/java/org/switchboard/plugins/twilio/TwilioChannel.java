package org.switchboard.plugins.twilio;

import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
 * Twilio Programmable Messaging: SMS and MMS on Twilio numbers, and WhatsApp through Twilio's WhatsApp senders.
 *
 * <p>Inbound webhook example (anonymized), posted to {@code /hooks/{token}} and signed with
 * {@code X-Twilio-Signature}: {@code MessageSid=SM0123…&AccountSid=AC0123…&From=%2B15550100&To=%2B15550199
 * &Body=Hello&NumMedia=0}.
 */
@Extension
public final class TwilioChannel extends TwilioApiChannel {
  public static final String TYPE = "twilio";
  static final String DEFAULT_API = "https://api.twilio.com";
  static final String DEFAULT_MESSAGING_API = "https://messaging.twilio.com";
  private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");

  /**
   * SMS: 1600 characters (Twilio's Body limit), MMS up to 10 media and 5 MB in total, 1 message a second per long
   * code (https://www.twilio.com/docs/messaging/api/message-resource, "Body" and "MediaUrl").
   */
  static final ChannelLimits SMS = new ChannelLimits(1600, 10, 5L * 1024 * 1024, 1.0);

  /**
   * WhatsApp through Twilio: Twilio caps Body at 1600 characters and WhatsApp carries one media item per message;
   * 5 MB is the image limit (other types allow up to 16 MB, so the lower limit never fails a send). Senders get 80
   * messages a second by default (https://www.twilio.com/docs/whatsapp/best-practices-and-faqs); a hotline needs
   * far less, so the server paces at 10 a second and stays well inside it.
   */
  static final ChannelLimits WHATSAPP = new ChannelLimits(1600, 1, 5L * 1024 * 1024, 10.0);

  private static final ChannelDescriptor DESCRIPTOR = new ChannelDescriptor(TYPE, "Twilio (SMS, MMS, WhatsApp)",
      "Text people from Twilio phone numbers (SMS, MMS) and Twilio WhatsApp senders.",
      List.of(
          ConfigField.text("accountSid", "Account SID",
              "Starts with AC. Twilio Console → Account dashboard → Account info."),
          ConfigField.secret("authToken", "Auth Token",
              "The primary Auth Token, next to the Account SID. It also verifies Twilio's webhooks."),
          ConfigField.url("apiBaseUrl", "API base URL",
              "Leave as it is unless you use a Twilio test double.", DEFAULT_API),
          ConfigField.url("messagingBaseUrl", "Messaging API base URL",
              "Used to list WhatsApp senders and set their webhooks. Leave as it is.", DEFAULT_MESSAGING_API)),
      Set.of(Capability.WEBHOOKS, Capability.NUMBER_DIRECTORY, Capability.MEDIA, Capability.DELIVERY_STATUS));

  @Inject
  public TwilioChannel(HttpTransport http, Clock clock, Logger log) {
    this(http, clock, log, API_TIMEOUT, MEDIA_TIMEOUT);
  }

  TwilioChannel(HttpTransport http, Clock clock, Logger log, Duration apiTimeout, Duration mediaTimeout) {
    super(http, clock, log, apiTimeout, mediaTimeout);
  }

  @Override
  public ChannelDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public ChannelLimits limits(Address channelAddress) {
    return TwilioAddresses.isWhatsApp(channelAddress) ? WHATSAPP : SMS;
  }

  @Override
  TwilioAccount account(ChannelConfig config) throws ChannelException {
    String sid = TwilioAccount.required(config, "accountSid", "Account SID");
    if (!ACCOUNT_SID.matcher(sid).matches()) {
      throw new ChannelException(FailureKind.CONFIG, "Account SID must be AC followed by 32 letters and digits");
    }
    URI api = TwilioAccount.baseUrl(config.find("apiBaseUrl").orElse(DEFAULT_API), "API base URL");
    URI messaging = TwilioAccount.baseUrl(config.find("messagingBaseUrl").orElse(DEFAULT_MESSAGING_API),
        "Messaging API base URL");
    var token = TwilioAccount.secret(config, "authToken", "Auth Token");
    return new TwilioAccount("Twilio", sid, token, token, api, Optional.of(messaging),
        List.of("X-Twilio-Signature"), true);
  }

  @Override
  TwilioHealthCheck.Credentials credentials() {
    return new TwilioHealthCheck.Credentials("Account SID", "Account SID or Auth Token is wrong",
        "Copy both from the Twilio Console (Account dashboard → Account info), paste them here and save.");
  }
}
