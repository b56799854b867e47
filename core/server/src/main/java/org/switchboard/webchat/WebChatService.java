package org.switchboard.webchat;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.switchboard.api.DeliveryStatus;
import org.switchboard.api.InboundEvent;
import org.switchboard.channels.ChannelNumber;
import org.switchboard.channels.Connector;
import org.switchboard.channels.ConnectorService;
import org.switchboard.crypto.Crypto;
import org.switchboard.errors.BadInputException;
import org.switchboard.errors.MissingException;
import org.switchboard.errors.PermissionDeniedException;
import org.switchboard.errors.RateLimitedException;
import org.switchboard.events.EventHub;
import org.switchboard.ingest.IngestService;
import org.switchboard.orgs.OrgService;
import org.switchboard.storage.Writer;

/**
 * What web chat visitors can do: open the chat page, write (rate-limited per visitor and per client address,
 * length-checked), read their own transcript (decrypted with the key in their cookie) and follow replies live.
 * Their messages enter the inbox through the same ingest path as every channel.
 */
@Singleton
public class WebChatService {
  private static final int TRANSCRIPT_LIMIT = 200;

  private final ConnectorService connectors;
  private final WebChatChannel channel;
  private final VisitorStore visitors;
  private final IngestService ingest;
  private final OrgService orgs;
  private final EventHub events;
  private final Writer writer;
  private final Clock clock;
  private final LoadingCache<String, Bucket> perVisitor = buckets(6, Duration.ofMinutes(1), 20, Duration.ofHours(1));
  private final LoadingCache<String, Bucket> perClient = buckets(30, Duration.ofMinutes(1), 300, Duration.ofHours(1));

  @Inject
  WebChatService(ConnectorService connectors, WebChatChannel channel, VisitorStore visitors, IngestService ingest,
      OrgService orgs, EventHub events, Writer writer, Clock clock) {
    this.connectors = connectors;
    this.channel = channel;
    this.visitors = visitors;
    this.ingest = ingest;
    this.orgs = orgs;
    this.events = events;
    this.writer = writer;
    this.clock = clock;
  }

  /** A chat page as visitors see it. */
  public record ChatPage(String token, String orgName, String title, String welcome, List<String> embedOrigins) {}

  /** One line of a visitor's transcript. */
  public record Line(long id, boolean fromVisitor, String text, Instant at) {}

  /** The chat page behind a public token; 404 for unknown or regenerated tokens. */
  public ChatPage page(String token) {
    Connector connector = connector(token);
    var config = connectors.config(connector);
    return new ChatPage(token, orgs.get(connector.orgId()).name(), config.get("title"), config.get("welcome"),
        List.of(config.get("embedOrigins").trim().split("\\s+")).stream().filter(s -> !s.isEmpty()).toList());
  }

  /** Takes a visitor's message; returns once it is stored durably. */
  public void post(String token, Visitor visitor, String formToken, String text, String nonce, String clientAddress) {
    Connector connector = connector(token);
    if (formToken == null || !Crypto.get().constantTimeEquals(formToken, visitor.formToken())) {
      throw new PermissionDeniedException("this form has expired; reload the page and try again")
          .withKey("chat.error.expired");
    }
    String body = text == null ? "" : text.strip();
    if (body.isEmpty()) {
      throw new BadInputException("text", "write a message first").withKey("chat.error.empty");
    }
    if (body.codePointCount(0, body.length()) > WebChatChannel.MAX_TEXT) {
      throw new BadInputException("text", "your message is too long: at most " + WebChatChannel.MAX_TEXT
          + " characters").withKey("chat.error.tooLong", WebChatChannel.MAX_TEXT);
    }
    consume(perVisitor, visitor.id());
    consume(perClient, clientAddress == null ? "?" : clientAddress);
    ChannelNumber number = chatNumber(connector);
    byte[] index = channel.visitorIndex(visitor.id());
    byte[][] pair = visitor.keyPair();
    Crypto.get().wipe(pair[1]);
    long visitorId = writer.write(tx -> visitors.byIndex(tx.dsl(), index).map(VisitorStore.Row::id)
        .orElseGet(() -> visitors.insert(tx.dsl(), connector.orgId(), number.id(), index, pair[0], clock.instant())));
    String providerId = nonce != null && nonce.matches("[A-Za-z0-9_-]{8,64}") ? visitor.id() + ":" + nonce
        : visitor.id() + ":" + java.util.UUID.randomUUID();
    var message = new InboundEvent.InboundMessage(providerId, visitor.address(), number.address(),
        Optional.empty(), body, List.of(), clock.instant(), Optional.empty());
    var outcome = ingest.ingest(connector, List.of(message)).join();
    if (outcome.stored() == 1) {
      byte[] sealed = Crypto.get().seal(body.getBytes(StandardCharsets.UTF_8), pair[0]);
      writer.write(tx -> visitors.insertLine(tx.dsl(), visitorId, null, "in", sealed, clock.instant()));
      events.publishVisitor(visitorId, "message");
    }
  }

  /** The visitor's transcript, decrypted with their key; replies they now see are reported as read. */
  public List<Line> transcript(String token, Visitor visitor) {
    Connector connector = connector(token);
    Optional<VisitorStore.Row> row = visitors.byIndex(channel.visitorIndex(visitor.id()))
        .filter(r -> r.orgId() == connector.orgId());
    if (row.isEmpty()) {
      return List.of();
    }
    byte[][] pair = visitor.keyPair();
    List<Line> lines = new ArrayList<>();
    try {
      for (VisitorStore.Line line : visitors.lines(row.get().id(), TRANSCRIPT_LIMIT)) {
        String text = new String(Crypto.get().sealOpen(line.body(), pair[0], pair[1]), StandardCharsets.UTF_8);
        lines.add(new Line(line.id(), line.direction().equals("in"), text, line.createdAt()));
      }
    } finally {
      Crypto.get().wipe(pair[1]);
    }
    List<Long> seen = writer.write(tx -> visitors.markSeen(tx.dsl(), row.get().id(), clock.instant()));
    if (!seen.isEmpty()) {
      List<InboundEvent> reads = new ArrayList<>();
      for (long id : seen) {
        reads.add(InboundEvent.StatusUpdate.of(WebChatChannel.providerId(id), DeliveryStatus.READ, clock.instant()));
      }
      ingest.ingest(connector, reads);
    }
    return lines;
  }

  /**
   * Follows new replies for this visitor; the listener gets a kind such as {@code message}. Only a visitor who has
   * written may follow (the page starts following after the first message): a made-up cookie gets a 404 at once
   * instead of a stream that holds a connection open for nothing.
   */
  public EventHub.Subscription follow(String token, Visitor visitor, java.util.function.Consumer<String> listener) {
    Connector connector = connector(token);
    VisitorStore.Row row = visitors.byIndex(channel.visitorIndex(visitor.id()))
        .filter(r -> r.orgId() == connector.orgId())
        .orElseThrow(() -> new MissingException("chat visitor"));
    return events.subscribeVisitor(row.id(), listener);
  }

  private Connector connector(String token) {
    return connectors.byWebhookToken(token).filter(c -> WebChatChannel.TYPE.equals(c.type()))
        .orElseThrow(() -> new MissingException("chat page"));
  }

  private ChannelNumber chatNumber(Connector connector) {
    return connectors.numbersInOrg(connector.orgId()).stream()
        .filter(n -> n.connectorId() == connector.id() && n.active()).findFirst()
        .orElseThrow(() -> new MissingException("chat page"));
  }

  private static void consume(LoadingCache<String, Bucket> buckets, String key) {
    var probe = buckets.getUnchecked(key).tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()));
      throw new RateLimitedException("you are writing too fast; try again in " + seconds + " seconds",
          Duration.ofSeconds(seconds)).withKey("chat.error.tooFast", seconds);
    }
  }

  private static LoadingCache<String, Bucket> buckets(int shortCapacity, Duration shortPeriod, int longCapacity,
      Duration longPeriod) {
    return CacheBuilder.newBuilder().maximumSize(100_000).expireAfterAccess(longPeriod)
        .build(CacheLoader.from(k -> Bucket.builder()
            .addLimit(Bandwidth.builder().capacity(shortCapacity).refillGreedy(shortCapacity, shortPeriod).build())
            .addLimit(Bandwidth.builder().capacity(longCapacity).refillGreedy(longCapacity, longPeriod).build())
            .build()));
  }
}
