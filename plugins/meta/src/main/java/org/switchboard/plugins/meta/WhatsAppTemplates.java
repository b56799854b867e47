package org.switchboard.plugins.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.switchboard.api.Address;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelException;
import org.switchboard.api.FailureKind;
import org.switchboard.api.MessageTemplate;
import org.switchboard.api.OutboundMessage;
import org.switchboard.api.TemplateDirectory;

/**
 * The message templates of a WhatsApp Business Account, cached for a few minutes, and the {@code template} object
 * of a send built from one of them and its filled variables.
 *
 * <p>Listing (anonymized): {@code GET /v25.0/{waba-id}/message_templates?fields=id,name,language,status,category,
 * parameter_format,components} → {@code {"data":[{"id":"5944…","name":"follow_up","language":"en_US",
 * "status":"APPROVED","category":"UTILITY","components":[{"type":"BODY","text":"Hello {{1}}, we tried to reach you
 * about {{2}}.","example":{"body_text":[["Sam","your case"]]}}]}],"paging":{…}}}
 * (<a href="https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account/message_templates/">
 * message_templates</a>). Variables are named by where they sit: {@code header.1}, {@code body.1}, {@code body.2}
 * (or {@code body.first_name} for named parameters), {@code button.0.1} for a URL button's suffix, and
 * {@code header.media} for an image, video or document header's link.
 */
final class WhatsAppTemplates implements TemplateDirectory {
  static final Duration CACHE_TTL = Duration.ofMinutes(10);
  static final int MAX_PAGES = 20;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]{1,60})\\s*}}");
  private static final String FIELDS = "id,name,language,status,category,parameter_format,components";

  private final GraphClient graph;
  private final Clock clock;
  private final Logger log;
  private final Map<String, Cached> byAccount = new ConcurrentHashMap<>();

  private record Cached(List<Definition> templates, Instant at) {
  }

  /** A template as listed, with what a send needs beyond {@link MessageTemplate}. */
  record Definition(MessageTemplate template, boolean named, String headerFormat, List<Integer> urlButtons) {
  }

  WhatsAppTemplates(GraphClient graph, Clock clock, Logger log) {
    this.graph = graph;
    this.clock = clock;
    this.log = log;
  }

  @Override
  public List<MessageTemplate> list(ChannelConfig config, Address channelAddress) throws ChannelException {
    return definitions(WhatsAppAccount.of(config), false).stream().map(Definition::template).toList();
  }

  /** The account's templates, from the cache while it is fresh (or {@code reload} to read them again). */
  List<Definition> definitions(WhatsAppAccount account, boolean reload) throws ChannelException {
    Cached cached = byAccount.get(account.cacheKey());
    if (!reload && cached != null && cached.at().plus(CACHE_TTL).isAfter(clock.instant())) {
      return cached.templates();
    }
    List<Definition> templates = new ArrayList<>();
    Optional<URI> page = Optional.of(account.uri("/" + account.wabaId() + "/message_templates?fields=" + FIELDS
        + "&limit=100"));
    for (int pages = 0; page.isPresent(); pages++) {
      if (pages == MAX_PAGES) {
        log.warn("whatsapp templates: stopped after {} pages", MAX_PAGES);
        break;
      }
      JsonNode json = graph.get(page.get(), account.token(), "listing the message templates");
      for (JsonNode item : json.path("data")) {
        definition(item).ifPresent(templates::add);
      }
      page = GraphClient.next(account.root(), json);
    }
    byAccount.put(account.cacheKey(), new Cached(List.copyOf(templates), clock.instant()));
    log.info("whatsapp templates: {} listed", templates.size());
    return templates;
  }

  /** Finds the template a send names: by Meta's id, or by name and language. */
  Optional<Definition> find(WhatsAppAccount account, OutboundMessage.Template wanted) throws ChannelException {
    Optional<Definition> found = match(definitions(account, false), wanted);
    return found.isPresent() ? found : match(definitions(account, true), wanted);
  }

  private static Optional<Definition> match(List<Definition> templates, OutboundMessage.Template wanted) {
    for (Definition d : templates) {
      MessageTemplate t = d.template();
      boolean byId = t.id().equals(wanted.id());
      boolean byName = t.name().equals(wanted.id())
          && (wanted.language().isEmpty() || t.language().equalsIgnoreCase(wanted.language()));
      if (byId || byName) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** Reads one listed template; skips entries without a name or an id. */
  static Optional<Definition> definition(JsonNode item) {
    String id = MetaJson.text(item, "id").trim();
    String name = MetaJson.text(item, "name").trim();
    if (id.isEmpty() || name.isEmpty()) {
      return Optional.empty();
    }
    boolean named = "NAMED".equalsIgnoreCase(MetaJson.text(item, "parameter_format"));
    List<MessageTemplate.Variable> variables = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    List<Integer> urlButtons = new ArrayList<>();
    String headerFormat = "";
    for (JsonNode component : item.path("components")) {
      String type = MetaJson.text(component, "type").toUpperCase(Locale.ROOT);
      switch (type) {
        case "HEADER" -> {
          headerFormat = MetaJson.text(component, "format").toUpperCase(Locale.ROOT);
          if (headerFormat.isEmpty() || headerFormat.equals("TEXT")) {
            String text = MetaJson.text(component, "text");
            lines.add(text);
            placeholders(text, "header", examples(component.path("example"), "header_text"), variables);
          } else if (Set.of("IMAGE", "VIDEO", "DOCUMENT").contains(headerFormat)) {
            lines.add("[" + headerFormat.toLowerCase(Locale.ROOT) + "]");
            variables.add(new MessageTemplate.Variable("header.media", "header",
                "a link to the " + headerFormat.toLowerCase(Locale.ROOT)));
          }
        }
        case "BODY" -> {
          String text = MetaJson.text(component, "text");
          lines.add(text);
          placeholders(text, "body", examples(component.path("example").path("body_text").path(0), null),
              variables);
        }
        case "FOOTER" -> lines.add(MetaJson.text(component, "text"));
        case "BUTTONS" -> {
          int index = 0;
          for (JsonNode button : component.path("buttons")) {
            String label = MetaJson.text(button, "text");
            lines.add("[" + label + "]");
            String url = MetaJson.text(button, "url");
            if ("URL".equalsIgnoreCase(MetaJson.text(button, "type")) && PLACEHOLDER.matcher(url).find()) {
              urlButtons.add(index);
              String example = button.path("example").path(0).asText("");
              variables.add(new MessageTemplate.Variable("button." + index + ".1", "button", example));
            }
            index++;
          }
        }
        default -> {
          // Carousels and other formats are listed without variables; sending them is not supported here.
        }
      }
    }
    MessageTemplate template = new MessageTemplate(id, name, MetaJson.text(item, "language"),
        MetaJson.text(item, "category"), status(MetaJson.text(item, "status")), String.join("\n", lines),
        variables);
    return Optional.of(new Definition(template, named, headerFormat, urlButtons));
  }

  private static List<String> examples(JsonNode node, String field) {
    JsonNode values = field == null ? node : node.path(field);
    List<String> examples = new ArrayList<>();
    values.forEach(v -> examples.add(v.isValueNode() ? v.asText("") : ""));
    return examples;
  }

  private static void placeholders(String text, String component, List<String> examples,
      List<MessageTemplate.Variable> into) {
    Matcher m = PLACEHOLDER.matcher(text);
    Set<String> seen = new LinkedHashSet<>();
    int position = 0;
    while (m.find()) {
      if (seen.add(m.group(1))) {
        String example = position < examples.size() ? examples.get(position) : "";
        into.add(new MessageTemplate.Variable(component + "." + m.group(1), component, example));
        position++;
      }
    }
  }

  static MessageTemplate.Status status(String status) {
    try {
      return MessageTemplate.Status.valueOf(status.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return MessageTemplate.Status.OTHER;
    }
  }

  /**
   * The send's {@code template} object, or a refusal naming the first variable that is missing or unknown.
   * Example: {@code {"name":"follow_up","language":{"policy":"deterministic","code":"en_US"},"components":[{"type":
   * "body","parameters":[{"type":"text","text":"Sam"},{"type":"text","text":"your case"}]}]}}.
   */
  static ObjectNode build(Definition definition, Map<String, String> values) throws ChannelException {
    MessageTemplate template = definition.template();
    if (!template.approved()) {
      throw new ChannelException(FailureKind.REJECTED, "template " + template.name() + " is not approved ("
          + template.status().name().toLowerCase(Locale.ROOT) + ")");
    }
    Set<String> known = new LinkedHashSet<>();
    for (MessageTemplate.Variable variable : template.variables()) {
      known.add(variable.name());
      String value = values.get(variable.name());
      if (value == null || value.isBlank()) {
        throw new ChannelException(FailureKind.REJECTED, "template variable " + variable.name() + " is not filled");
      }
    }
    for (String given : values.keySet()) {
      if (!known.contains(given)) {
        throw new ChannelException(FailureKind.REJECTED, "template " + template.name() + " has no variable "
            + given.replaceAll("[^A-Za-z0-9_.]", "?"));
      }
    }
    ObjectNode node = MetaJson.newObject();
    node.put("name", template.name());
    ObjectNode language = node.putObject("language");
    language.put("policy", "deterministic");
    language.put("code", template.language());
    ArrayNode components = node.putArray("components");
    ArrayNode header = MetaJson.newObject().putArray("parameters");
    ArrayNode body = MetaJson.newObject().putArray("parameters");
    for (MessageTemplate.Variable variable : template.variables()) {
      String value = values.get(variable.name());
      String key = variable.name().substring(variable.name().indexOf('.') + 1);
      if (variable.name().equals("header.media")) {
        String type = definition.headerFormat().toLowerCase(Locale.ROOT);
        ObjectNode parameter = header.addObject();
        parameter.put("type", type);
        parameter.putObject(type).put("link", value);
      } else if (variable.component().equals("header")) {
        textParameter(header, value, definition.named() ? key : null);
      } else if (variable.component().equals("body")) {
        textParameter(body, value, definition.named() ? key : null);
      }
    }
    if (!header.isEmpty()) {
      ObjectNode component = components.addObject();
      component.put("type", "header");
      component.set("parameters", header);
    }
    if (!body.isEmpty()) {
      ObjectNode component = components.addObject();
      component.put("type", "body");
      component.set("parameters", body);
    }
    for (int index : definition.urlButtons()) {
      ObjectNode component = components.addObject();
      component.put("type", "button");
      component.put("sub_type", "url");
      component.put("index", String.valueOf(index));
      textParameter(component.putArray("parameters"), values.get("button." + index + ".1"), null);
    }
    if (components.isEmpty()) {
      node.remove("components");
    }
    return node;
  }

  private static void textParameter(ArrayNode parameters, String value, String name) {
    ObjectNode parameter = parameters.addObject();
    parameter.put("type", "text");
    if (name != null) {
      parameter.put("parameter_name", name);
    }
    parameter.put("text", value);
  }
}
