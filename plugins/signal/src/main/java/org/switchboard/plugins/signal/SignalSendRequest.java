package org.switchboard.plugins.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.regex.Pattern;
import org.switchboard.api.OutboundMedia;
import org.switchboard.api.OutboundMessage;

/**
 * The body of {@code POST /v2/send} for one outbound message to one person.
 *
 * <p>Example (anonymized):
 * <pre>{"number":"+15550001000","recipients":["0b0e…"],"message":"We are here for you.",
 *  "base64_attachments":["data:image/png;filename=map.png;base64,iVBORw0…"],
 *  "quote_timestamp":1785492000000,"quote_author":"0b0e…"}</pre>
 */
final class SignalSendRequest {
  private static final Pattern MIME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]{0,63}/[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]{0,63}");

  private SignalSendRequest() {
  }

  /** The JSON body; the message's quote is a provider id: {@code author:timestamp} (inbound) or a timestamp (ours). */
  static byte[] body(OutboundMessage message, ObjectMapper json) {
    ObjectNode root = json.createObjectNode();
    root.put("number", message.from().value());
    root.putArray("recipients").add(message.to().value());
    root.put("message", message.text());
    if (!message.media().isEmpty()) {
      ArrayNode attachments = root.putArray("base64_attachments");
      for (OutboundMedia media : message.media()) {
        attachments.add(dataUri(media));
      }
    }
    message.quote().ifPresent(quote -> {
      int colon = quote.lastIndexOf(':');
      String timestamp = colon < 0 ? quote : quote.substring(colon + 1);
      if (timestamp.matches("\\d{1,19}")) {
        root.put("quote_timestamp", Long.parseLong(timestamp));
        // signal-cli needs the quoted message's author: the person for theirs, the hotline for ours.
        root.put("quote_author", colon < 0 ? message.from().value() : quote.substring(0, colon));
      }
    });
    try {
      return json.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write a send request", e);
    }
  }

  /** {@code data:<mime>;filename=<name>;base64,<data>}, the form the bridge reads the file name from. */
  static String dataUri(OutboundMedia media) {
    String type = MIME.matcher(media.contentType()).matches() ? media.contentType() : "application/octet-stream";
    // ';' and ',' end the name in the data URI; '/' and '\' would make a path of it.
    String name = media.filename().replaceAll("[;,/\\\\\\s\"]", "_");
    return "data:" + type + ";filename=" + name + ";base64," + Base64.getEncoder().encodeToString(media.data());
  }
}
