package org.switchboard.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.switchboard.api.ConfigField;
import org.switchboard.errors.BadInputException;

class ConnectorSettingsTest {
  private final List<ConfigField> fields = List.of(
      ConfigField.text("accountSid", "Account SID", ""),
      ConfigField.secret("authToken", "Auth Token", ""),
      ConfigField.url("apiBaseUrl", "API base URL", "", "https://api.example.com"));

  @Test
  void requiredFieldsAreCheckedAndBlankSecretsKeepTheStoredOne() {
    assertThatThrownBy(() -> ConnectorSettings.from(fields, Map.of("authToken", "s"), ConnectorSettings.empty()))
        .isInstanceOf(BadInputException.class).hasMessageContaining("Account SID is required");
    ConnectorSettings first = ConnectorSettings.from(fields, Map.of("accountSid", "AC1", "authToken", "secret-1"),
        ConnectorSettings.empty());
    ConnectorSettings edited = ConnectorSettings.from(fields, Map.of("accountSid", "AC2", "authToken", ""), first);
    assertThat(edited.values()).containsEntry("accountSid", "AC2").containsEntry("apiBaseUrl", "https://api.example.com");
    assertThat(edited.secrets()).containsEntry("authToken", "secret-1");
    assertThat(edited.toString()).doesNotContain("secret-1");
    assertThat(ConnectorSettings.fromJson(edited.toJson())).isEqualTo(edited);
  }

  @Test
  void aStoredSecretIsNotKeptWhenAnAddressChanges() {
    ConnectorSettings first = ConnectorSettings.from(fields, Map.of("accountSid", "AC1", "authToken", "secret-1"),
        ConnectorSettings.empty());
    assertThatThrownBy(() -> ConnectorSettings.from(fields, Map.of("accountSid", "AC1", "authToken", "",
        "apiBaseUrl", "https://collector.example.net"), first))
        .isInstanceOf(BadInputException.class).hasMessageContaining("enter the Auth Token again")
        .satisfies(e -> assertThat(((BadInputException) e).field()).isEqualTo("authToken"));
    ConnectorSettings moved = ConnectorSettings.from(fields, Map.of("accountSid", "AC1", "authToken", "secret-2",
        "apiBaseUrl", "https://space.example.net"), first);
    assertThat(moved.values()).containsEntry("apiBaseUrl", "https://space.example.net");
    assertThat(moved.secrets()).containsEntry("authToken", "secret-2");
    assertThat(ConnectorSettings.from(fields, Map.of("accountSid", "AC1", "apiBaseUrl", "https://space.example.net"),
        moved).secrets()).as("the same address keeps the secret").containsEntry("authToken", "secret-2");
    // Settings saved before a URL field existed: its default is what was in use, so saving again keeps the secret.
    ConnectorSettings older = new ConnectorSettings(Map.of("accountSid", "AC1"), Map.of("authToken", "secret-1"));
    assertThat(ConnectorSettings.from(fields, Map.of("accountSid", "AC1"), older).secrets())
        .containsEntry("authToken", "secret-1");
  }

  @Test
  void urlsMustBeHttp() {
    assertThatThrownBy(() -> ConnectorSettings.from(fields, Map.of("accountSid", "AC1", "authToken", "t",
        "apiBaseUrl", "javascript:alert(1)"), ConnectorSettings.empty())).hasMessageContaining("full http(s) URL");
  }

  @Test
  void pluginsSeeDefaultsSecretsAndTheWebhookUrl() {
    var settings = ConnectorSettings.from(fields, Map.of("accountSid", "AC1", "authToken", "tok"),
        ConnectorSettings.empty());
    var config = settings.toChannelConfig(fields, URI.create("https://h/hooks/x"));
    assertThat(config.get("apiBaseUrl")).isEqualTo("https://api.example.com");
    assertThat(config.secret("authToken").reveal()).isEqualTo("tok");
    assertThat(config.webhookUrl()).isEqualTo(URI.create("https://h/hooks/x"));
    assertThatThrownBy(() -> config.secret("missing")).hasMessageContaining("'missing' is not configured");
  }
}
