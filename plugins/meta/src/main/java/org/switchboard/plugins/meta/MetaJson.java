package org.switchboard.plugins.meta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;

/** Reads and writes the Graph API's JSON documents, never throwing on bad input. */
final class MetaJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private MetaJson() {
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

  /** A field as text ({@code ""} when missing, null or a container); numbers become their decimal text. */
  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() || value.isContainerNode() ? "" : value.asText("");
  }

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
