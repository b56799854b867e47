package org.switchboard.api;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * A connector's settings as the channel sees them: plain values, secrets, and the public webhook URL the provider
 * calls. The server builds it from the fields the channel declared; secrets are decrypted only for the call.
 */
public interface ChannelConfig {
  /** A plain (non-secret) value, or the field's default; empty when unset. */
  String get(String key);

  /** A plain value when set. */
  default Optional<String> find(String key) {
    String value = get(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  /** A secret field; fails with a clear message naming the field if it is missing. */
  Secret secret(String key);

  /** The public URL of this connector's webhook ({@code https://host/hooks/{token}}); sub-paths may be appended. */
  URI webhookUrl();

  /** A convenience factory for tests and tools. */
  static ChannelConfig of(Map<String, String> values, Map<String, Secret> secrets, URI webhookUrl) {
    return new ChannelConfig() {
      @Override
      public String get(String key) {
        return values.getOrDefault(key, "");
      }

      @Override
      public Secret secret(String key) {
        Secret secret = secrets.get(key);
        if (secret == null) {
          throw new IllegalStateException("setting '" + key + "' is not configured");
        }
        return secret;
      }

      @Override
      public URI webhookUrl() {
        return webhookUrl;
      }

      @Override
      public String toString() {
        return "ChannelConfig" + values.keySet() + "+secrets" + secrets.keySet();
      }
    };
  }
}
