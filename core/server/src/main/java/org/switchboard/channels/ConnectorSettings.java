package org.switchboard.channels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ConfigField;
import org.switchboard.api.Secret;
import org.switchboard.errors.BadInputException;

/**
 * A connector's settings: plain values and secrets, validated against the fields its channel declares; stored as
 * JSON inside the vault.
 */
public record ConnectorSettings(Map<String, String> values, Map<String, String> secrets) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ConnectorSettings {
    values = Map.copyOf(values);
    secrets = Map.copyOf(secrets);
  }

  public static ConnectorSettings empty() {
    return new ConnectorSettings(Map.of(), Map.of());
  }

  /**
   * Builds settings from a submitted form: every required field present, URLs well-formed, unknown keys ignored.
   * A secret left blank keeps the one stored in {@code previous}.
   */
  public static ConnectorSettings from(List<ConfigField> fields, Map<String, String> submitted,
      ConnectorSettings previous) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> secrets = new LinkedHashMap<>();
    List<ConfigField> kept = new ArrayList<>();
    for (ConfigField field : fields) {
      String raw = submitted.getOrDefault(field.key(), "");
      String value = raw == null ? "" : raw.trim();
      if (field.secret()) {
        if (value.isEmpty()) {
          value = previous.secrets().getOrDefault(field.key(), "");
          if (!value.isEmpty()) {
            kept.add(field);
          }
        }
        if (value.isEmpty() && field.required()) {
          throw new BadInputException(field.key(), field.label() + " is required");
        }
        if (value.length() > 4096) {
          throw new BadInputException(field.key(), field.label() + " is too long");
        }
        if (!value.isEmpty()) {
          secrets.put(field.key(), value);
        }
        continue;
      }
      if (value.isEmpty()) {
        value = field.defaultValue();
      }
      if (value.isEmpty() && field.required()) {
        throw new BadInputException(field.key(), field.label() + " is required");
      }
      if (value.length() > 2048) {
        throw new BadInputException(field.key(), field.label() + " is too long");
      }
      if (!value.isEmpty() && field.type() == ConfigField.Type.URL) {
        checkUrl(field, value);
      }
      if (!value.isEmpty() && field.type() == ConfigField.Type.NUMBER && !value.matches("-?[0-9]+(\\.[0-9]+)?")) {
        throw new BadInputException(field.key(), field.label() + " must be a number");
      }
      if (!value.isEmpty()) {
        values.put(field.key(), value);
      }
    }
    // A stored secret is only ever sent where it was first entered for: whoever moves an address enters it again.
    boolean moved = fields.stream().filter(f -> f.type() == ConfigField.Type.URL)
        .anyMatch(f -> !Objects.equals(values.getOrDefault(f.key(), f.defaultValue()),
            previous.values().getOrDefault(f.key(), f.defaultValue())));
    if (moved && !kept.isEmpty()) {
      ConfigField secret = kept.get(0);
      throw new BadInputException(secret.key(), "enter the " + secret.label()
          + " again: a stored secret is not sent to a changed address");
    }
    return new ConnectorSettings(values, secrets);
  }

  private static void checkUrl(ConfigField field, String value) {
    try {
      URI uri = URI.create(value);
      if (uri.getScheme() == null || !uri.getScheme().matches("https?|wss?") || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw new BadInputException(field.key(), field.label() + " must be a full http(s) URL");
    }
  }

  /** The view a channel plugin gets. */
  public ChannelConfig toChannelConfig(List<ConfigField> fields, URI webhookUrl) {
    Map<String, String> withDefaults = new LinkedHashMap<>();
    fields.stream().filter(f -> !f.secret() && !f.defaultValue().isEmpty())
        .forEach(f -> withDefaults.put(f.key(), f.defaultValue()));
    withDefaults.putAll(values);
    Map<String, Secret> wrapped = new LinkedHashMap<>();
    secrets.forEach((k, v) -> wrapped.put(k, Secret.of(v)));
    return ChannelConfig.of(withDefaults, wrapped, webhookUrl);
  }

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(Map.of("values", values, "secrets", secrets));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("settings could not be encoded", e);
    }
  }

  @SuppressWarnings("unchecked")
  public static ConnectorSettings fromJson(byte[] json) {
    try {
      Map<String, Map<String, String>> map = JSON.readValue(json, Map.class);
      return new ConnectorSettings(map.getOrDefault("values", Map.of()), map.getOrDefault("secrets", Map.of()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored settings could not be read", e);
    }
  }

  @Override
  public String toString() {
    return "ConnectorSettings" + values.keySet() + "+secrets" + secrets.keySet();
  }
}
