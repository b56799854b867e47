package org.switchboard.plugins.meta;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.switchboard.api.InboundEvent;
import org.switchboard.api.InboundRequest;
import org.switchboard.api.InboundResult;
import org.switchboard.api.Secret;

/**
 * What every Graph API webhook shares, WhatsApp's and the Page's alike: a {@code GET} is the verification handshake;
 * a {@code POST} is verified ({@code X-Hub-Signature-256}) before its body is parsed, then read as JSON and handed to
 * the channel's parser.
 */
final class GraphWebhook {
  private GraphWebhook() {
  }

  /** Answers one webhook request; {@code parser} turns a verified notification into events. */
  static InboundResult receive(InboundRequest request, Secret appSecret, String verifyToken,
      Logger log, Function<JsonNode, List<InboundEvent>> parser) {
    if (!request.subPath().isEmpty()) {
      return InboundResult.reject(404, "unknown webhook path");
    }
    if (request.method().equals("GET")) {
      InboundResult answer = HubSignature.handshake(request, verifyToken);
      log.info("meta webhook verification: {}", answer instanceof InboundResult.Accepted ? "answered" : "refused");
      return answer;
    }
    if (!request.method().equals("POST")) {
      return InboundResult.reject(405, "only GET and POST are used");
    }
    Optional<String> signature = request.header(HubSignature.HEADER);
    if (signature.isEmpty()) {
      log.info("meta webhook rejected: missing signature");
      return InboundResult.reject(403, "missing request signature");
    }
    if (!HubSignature.verify(appSecret, request.body(), signature)) {
      log.info("meta webhook rejected: invalid signature");
      return InboundResult.reject(403, "invalid request signature");
    }
    Optional<JsonNode> root = MetaJson.object(request.body());
    if (root.isEmpty()) {
      log.info("meta webhook rejected: body is not a JSON object");
      return InboundResult.reject(400, "body is not a JSON object");
    }
    List<InboundEvent> events = parser.apply(root.get());
    log.debug("meta webhook accepted: {} event(s)", events.size());
    return InboundResult.accept(events, InboundResult.Reply.EMPTY);
  }
}
