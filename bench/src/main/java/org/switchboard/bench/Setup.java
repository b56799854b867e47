package org.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Sets a server up the way an admin would: the CLI for the organization and a token, the JSON API for a channel. */
final class Setup {
  static final String EMAIL = "owner@bench.example.org";

  /** The organization's owner and their API token. */
  record Owner(String email, String token) {}

  private Setup() {
  }

  /** {@code switchboard init} and {@code switchboard token create} on a new data folder. */
  static Owner initialize(Path dist, Path data, Path log) throws Exception {
    Files.createDirectories(data.getParent());
    Path password = data.getParent().resolve("owner-password");
    Files.writeString(password, "bench-" + UUID.randomUUID() + "\n");
    ServerProcess.cli(dist, log, "init", "--data", data.toString(), "--org", "Bench hotline", "--admin-email", EMAIL,
        "--admin-password-file", password.toString());
    String out = ServerProcess.cli(dist, log, "token", "create", "--data", data.toString(), "--email", EMAIL,
        "--password-file", password.toString(), "--label", "bench");
    String token = out.lines().map(String::trim).filter(line -> line.startsWith("sbt_")).findFirst()
        .orElseThrow(() -> new IllegalStateException("switchboard token create printed no token"));
    return new Owner(EMAIL, token);
  }

  /**
   * Creates a Twilio connector against the fake API (the server tests it at once), activates the fake's number and
   * returns the connector's webhook URL as the API shows it.
   */
  static URI twilioChannel(Api api, FakeTwilio twilio) throws Exception {
    JsonNode connector = api.post("/api/v1/channels", Map.of("type", "twilio", "name", "Bench Twilio",
        "settings", Map.of("accountSid", FakeTwilio.ACCOUNT_SID, "authToken", FakeTwilio.AUTH_TOKEN,
            "apiBaseUrl", twilio.base().toString(), "messagingBaseUrl", twilio.base().toString())));
    if (!connector.path("state").asText().equals("active")) {
      throw new IllegalStateException("the Twilio connector did not pass its check: " + connector.path("stateDetail"));
    }
    long id = connector.path("id").asLong();
    JsonNode numbers = api.get("/api/v1/channels/" + id + "/provider-numbers");
    api.put("/api/v1/channels/" + id + "/numbers",
        Map.of("providerRefs", List.of(numbers.path(0).path("providerRef").asText())));
    JsonNode active = api.get("/api/v1/channels/" + id).path("numbers");
    if (active.size() != 1 || !active.path(0).path("active").asBoolean()) {
      throw new IllegalStateException("the fake Twilio number was not activated: " + active);
    }
    return URI.create(api.get("/api/v1/channels/" + id).path("webhookUrl").asText());
  }
}
