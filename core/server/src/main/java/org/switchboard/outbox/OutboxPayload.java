package org.switchboard.outbox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What a queued reply needs to be sent unattended — recipient, text, media — kept in the vault until the provider
 * accepts or finally refuses it, then deleted.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OutboxPayload(long contactId, String recipient, String text, List<Media> media, String templateId,
    Map<String, String> templateVariables) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public OutboxPayload {
    text = text == null ? "" : text;
    media = media == null ? List.of() : List.copyOf(media);
    templateVariables = templateVariables == null ? Map.of() : Map.copyOf(templateVariables);
  }

  /** One attachment, with the token of its public link for providers that fetch by URL. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Media(String contentType, String filename, byte[] data, String linkToken) {}

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static OutboxPayload fromJson(byte[] json) {
    try {
      return JSON.readValue(json, OutboxPayload.class);
    } catch (IOException e) {
      throw new IllegalStateException("queued message could not be read", e);
    }
  }

  @Override
  public String toString() {
    return "OutboxPayload[" + text.length() + " chars, " + media.size() + " media]";
  }
}
