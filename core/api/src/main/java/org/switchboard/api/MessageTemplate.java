package org.switchboard.api;

import java.util.List;
import java.util.Objects;

/**
 * A message template the provider approved (or is reviewing) for sending outside a reply window, as
 * {@link TemplateDirectory} lists it: what it says, in which language, and the variables a sender must fill.
 *
 * @param id what {@link OutboundMessage.Template#id()} takes to send this template (unique per connector)
 * @param name the provider's name for it (e.g. WhatsApp's {@code appointment_reminder})
 * @param language the language code ({@code en_US})
 * @param category the provider's category ({@code UTILITY}, {@code MARKETING}, {@code AUTHENTICATION}), or empty
 * @param text the template's text with its placeholders, header, body and footer one per line, for display
 * @param variables every placeholder a send must fill, in order
 */
public record MessageTemplate(String id, String name, String language, String category, Status status, String text,
    List<Variable> variables) {

  /** The provider's review state; only {@link #APPROVED} templates can be sent. */
  public enum Status { APPROVED, PENDING, REJECTED, PAUSED, DISABLED, OTHER }

  /**
   * One placeholder.
   *
   * @param name the key a send fills in {@link OutboundMessage.Template#variables()}, e.g. {@code body.1},
   *     {@code header.1} or {@code button.0.1}
   * @param component where it sits ({@code header}, {@code body}, {@code button}) for the form that fills it
   * @param example the provider's example value, or empty
   */
  public record Variable(String name, String component, String example) {
    public Variable {
      Objects.requireNonNull(name, "name");
      component = component == null ? "" : component;
      example = example == null ? "" : example;
    }
  }

  public MessageTemplate {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    language = language == null ? "" : language;
    category = category == null ? "" : category;
    Objects.requireNonNull(status, "status");
    text = text == null ? "" : text;
    variables = List.copyOf(variables);
  }

  public boolean approved() {
    return status == Status.APPROVED;
  }

  @Override
  public String toString() {
    return "MessageTemplate[" + name + ", " + language + ", " + status + "]";
  }
}
