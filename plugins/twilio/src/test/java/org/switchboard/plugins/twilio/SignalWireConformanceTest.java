package org.switchboard.plugins.twilio;

import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.switchboard.api.Channel;
import org.switchboard.api.HttpTransport;
import org.switchboard.testkit.twilio.FakeTwilio;

/** The {@code signalwire} channel type through the conformance kit, against a local fake SignalWire space. */
class SignalWireConformanceTest extends TwilioApiConformance {
  private static final String PROJECT_ID = "5f1c2b7e-c0f0-4000-8000-00000000c0f0";
  private static final String API_TOKEN = "PTconformance-api-token-51a2";
  private static final String SIGNING_KEY = "PSKconformance-signing-key-9b4e";

  SignalWireConformanceTest() {
    super(FakeTwilio.signalWire(PROJECT_ID, API_TOKEN, SIGNING_KEY));
  }

  @Override
  protected Channel createChannel(HttpTransport transport, Clock clock, Logger log) {
    return new SignalWireChannel(transport, clock, log);
  }

  @Override
  protected Map<String, String> connectorSettings() {
    return Map.of("spaceUrl", fake.base().toString(), "projectId", PROJECT_ID, "apiToken", API_TOKEN,
        "signingKey", SIGNING_KEY);
  }
}
