package org.switchboard.api;

import java.util.Objects;

/**
 * One setting a channel needs (an account id, a token, a base URL); the list drives the settings form, the CLI and
 * the docs. Secret fields are stored encrypted and never shown again in full.
 */
public record ConfigField(String key, String label, Type type, boolean required, String help, String defaultValue) {
  /** How a field is entered and stored. */
  public enum Type { TEXT, SECRET, URL, NUMBER, BOOLEAN }

  public ConfigField {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(type, "type");
    help = help == null ? "" : help;
    defaultValue = defaultValue == null ? "" : defaultValue;
    if (!key.matches("[a-zA-Z][a-zA-Z0-9_]{0,63}")) {
      throw new IllegalArgumentException("config key must be a short identifier: " + key);
    }
  }

  public static ConfigField text(String key, String label, String help) {
    return new ConfigField(key, label, Type.TEXT, true, help, "");
  }

  public static ConfigField secret(String key, String label, String help) {
    return new ConfigField(key, label, Type.SECRET, true, help, "");
  }

  public static ConfigField url(String key, String label, String help, String defaultValue) {
    return new ConfigField(key, label, Type.URL, false, help, defaultValue);
  }

  public ConfigField optional() {
    return new ConfigField(key, label, type, false, help, defaultValue);
  }

  public ConfigField withDefault(String value) {
    return new ConfigField(key, label, type, required, help, value);
  }

  public boolean secret() {
    return type == Type.SECRET;
  }
}
