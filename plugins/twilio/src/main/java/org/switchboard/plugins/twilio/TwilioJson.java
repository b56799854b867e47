package org.switchboard.plugins.twilio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads and writes the small JSON documents the provider APIs exchange, never throwing on bad input. */
final class TwilioJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TwilioJson() {
  }

  /** The body as a JSON object, or empty when it is not one. */
  static Optional<JsonNode> object(byte[] body) {
    if (body == null || body.length == 0) {
      return Optional.empty();
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** A field as text ({@code ""} when missing or null); numbers become their decimal text. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.isContainerNode() ? "" : value.asText("");
  }

  /** A field looked up without regard to case (Twilio writes {@code sms} in one API and {@code SMS} in another). */
  static boolean flag(JsonNode node, String field) {
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (entry.getKey().equalsIgnoreCase(field)) {
        return entry.getValue().asBoolean(false);
      }
    }
    return false;
  }

  /** A field as an absolute URL, when it holds one. */
  static Optional<URI> url(JsonNode node, String field) {
    String value = text(node, field).trim();
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = URI.create(value);
      return uri.isAbsolute() ? Optional.of(uri) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A flat JSON object of string values, keys sorted (Twilio's {@code ContentVariables}). */
  static String stringMap(Map<String, String> values) {
    try {
      return MAPPER.writeValueAsString(new TreeMap<>(values));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serializes", e);
    }
  }

  /** A new empty object node to build a request body with. */
  static ObjectNode newObject() {
    return MAPPER.createObjectNode();
  }

  /** Writes a node as compact JSON. */
  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree always serializes", e);
    }
  }
}
