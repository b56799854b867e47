package org.switchboard.plugins.twilio;

import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.switchboard.api.Channel;
import org.switchboard.api.HttpTransport;
import org.switchboard.testkit.twilio.FakeTwilio;

/** The {@code twilio} channel type through the conformance kit, against a local fake Twilio. */
class TwilioConformanceTest extends TwilioApiConformance {
  private static final String ACCOUNT_SID = "AC" + "c0f0".repeat(8);
  private static final String AUTH_TOKEN = "conformance-auth-token-7f3a9c";

  TwilioConformanceTest() {
    super(FakeTwilio.twilio(ACCOUNT_SID, AUTH_TOKEN));
  }

  @Override
  protected Channel createChannel(HttpTransport transport, Clock clock, Logger log) {
    return new TwilioChannel(transport, clock, log);
  }

  @Override
  protected Map<String, String> connectorSettings() {
    return Map.of("accountSid", ACCOUNT_SID, "authToken", AUTH_TOKEN, "apiBaseUrl", fake.base().toString(),
        "messagingBaseUrl", fake.base().toString());
  }
}
