package org.switchboard.api;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a channel type is: its id (unique across installed plugins), a display name, the settings a connector of
 * this type needs, and what it can do.
 */
public record ChannelDescriptor(String type, String displayName, String description, List<ConfigField> fields,
    Set<Capability> capabilities) {

  /** Optional abilities the settings screens and the server look for. */
  public enum Capability {
    /** Inbound arrives through {@code /hooks/{token}} webhooks. */
    WEBHOOKS,
    /** Inbound arrives through a long-lived stream the server opens ({@link Channel#stream()}). */
    STREAM,
    /** The account's numbers can be listed and their webhooks set ({@link Channel#numbers()}). */
    NUMBER_DIRECTORY,
    /** Messages can carry media. */
    MEDIA,
    /** The channel reports delivery statuses. */
    DELIVERY_STATUS,
    /** Approved message templates can be listed ({@link Channel#templates()}) and sent. */
    TEMPLATES
  }

  public ChannelDescriptor {
    Objects.requireNonNull(type, "type");
    if (!type.matches("[a-z][a-z0-9-]{1,31}")) {
      throw new IllegalArgumentException("channel type must be 2-32 lowercase letters, digits or '-': " + type);
    }
    Objects.requireNonNull(displayName, "displayName");
    description = description == null ? "" : description;
    fields = List.copyOf(fields);
    capabilities = Set.copyOf(capabilities);
  }

  public boolean has(Capability capability) {
    return capabilities.contains(capability);
  }
}
