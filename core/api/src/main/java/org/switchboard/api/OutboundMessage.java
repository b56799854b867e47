package org.switchboard.api;

import java.net.URI;
import java.time.Instant;
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
 * @param lastInboundAt when the person last wrote on this conversation, when the server knows it; channels with a
 *     reply window ({@link ChannelLimits#replyWindow()}) refuse free text outside it before calling the provider
 */
public record OutboundMessage(String reference, Address from, Address to, String text, List<OutboundMedia> media,
    Optional<URI> statusCallbackUrl, Optional<Template> template, Optional<String> quote,
    Optional<Instant> lastInboundAt) {

  public OutboundMessage {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    text = text == null ? "" : text;
    media = List.copyOf(media);
    statusCallbackUrl = statusCallbackUrl == null ? Optional.empty() : statusCallbackUrl;
    template = template == null ? Optional.empty() : template;
    quote = quote == null ? Optional.empty() : quote;
    lastInboundAt = lastInboundAt == null ? Optional.empty() : lastInboundAt;
  }

  /** A message without a known last inbound time (the form before reply windows existed). */
  public OutboundMessage(String reference, Address from, Address to, String text, List<OutboundMedia> media,
      Optional<URI> statusCallbackUrl, Optional<Template> template, Optional<String> quote) {
    this(reference, from, to, text, media, statusCallbackUrl, template, quote, Optional.empty());
  }

  public static OutboundMessage text(String reference, Address from, Address to, String text) {
    return new OutboundMessage(reference, from, to, text, List.of(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /** The same message, knowing when the person last wrote. */
  public OutboundMessage withLastInboundAt(Instant at) {
    return new OutboundMessage(reference, from, to, text, media, statusCallbackUrl, template, quote,
        Optional.of(Objects.requireNonNull(at, "lastInboundAt")));
  }

  /** The same message as a template send. */
  public OutboundMessage withTemplate(Template value) {
    return new OutboundMessage(reference, from, to, text, media, statusCallbackUrl,
        Optional.of(Objects.requireNonNull(value, "template")), quote, lastInboundAt);
  }

  /** The same message as a reply to the provider message {@code providerMessageId}. */
  public OutboundMessage withQuote(String providerMessageId) {
    return new OutboundMessage(reference, from, to, text, media, statusCallbackUrl, template,
        Optional.of(Objects.requireNonNull(providerMessageId, "quote")), lastInboundAt);
  }

  /**
   * A pre-approved provider template with its variables.
   *
   * @param id the template's id as {@link TemplateDirectory} lists it ({@link MessageTemplate#id()}), or a
   *     provider's own id (a Twilio Content SID)
   * @param language the language code, when the id alone does not choose one; may be empty
   * @param variables values by the names {@link MessageTemplate#variables()} gives (e.g. {@code body.1})
   */
  public record Template(String id, String language, Map<String, String> variables) {
    public Template {
      Objects.requireNonNull(id, "template id");
      language = language == null ? "" : language;
      variables = Map.copyOf(variables);
    }

    @Override
    public String toString() {
      return "Template[" + id + ", " + variables.size() + " variables]";
    }
  }

  @Override
  public String toString() {
    return "OutboundMessage[" + reference + ", " + text.length() + " chars, " + media.size() + " media"
        + (template.isPresent() ? ", template" : "") + "]";
  }
}
