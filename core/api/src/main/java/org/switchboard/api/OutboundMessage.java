package org.switchboard.api;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A message to send: from the hotline's address on this channel to a person, with text, media or a template.
 *
 * @param reference the server's id for this message, stable across retries (for idempotency keys and logs)
 * @param statusCallbackUrl where the provider should post delivery statuses, when the channel uses them
 * @param quote provider id of the message being replied to, when the channel supports quotes
 */
public record OutboundMessage(String reference, Address from, Address to, String text, List<OutboundMedia> media,
    Optional<URI> statusCallbackUrl, Optional<Template> template, Optional<String> quote) {

  public OutboundMessage {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    text = text == null ? "" : text;
    media = List.copyOf(media);
    statusCallbackUrl = statusCallbackUrl == null ? Optional.empty() : statusCallbackUrl;
    template = template == null ? Optional.empty() : template;
    quote = quote == null ? Optional.empty() : quote;
  }

  public static OutboundMessage text(String reference, Address from, Address to, String text) {
    return new OutboundMessage(reference, from, to, text, List.of(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /** A pre-approved provider template (e.g. a WhatsApp Content SID) with its variables. */
  public record Template(String id, String language, Map<String, String> variables) {
    public Template {
      Objects.requireNonNull(id, "template id");
      language = language == null ? "" : language;
      variables = Map.copyOf(variables);
    }
  }

  @Override
  public String toString() {
    return "OutboundMessage[" + reference + ", " + text.length() + " chars, " + media.size() + " media]";
  }
}
