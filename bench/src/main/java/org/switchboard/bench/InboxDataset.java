package org.switchboard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.switchboard.api.Address;
import org.switchboard.boot.ServerConfig;
import org.switchboard.boot.Switchboard;
import org.switchboard.contacts.ContactStore;
import org.switchboard.conversations.ConversationStore;
import org.switchboard.conversations.Direction;
import org.switchboard.conversations.MessageStatus;
import org.switchboard.conversations.MessageStore;
import org.switchboard.crypto.OrgPublicKey;
import org.switchboard.crypto.SealedBox;
import org.switchboard.ingest.IngestService;
import org.switchboard.orgs.Org;
import org.switchboard.orgs.OrgService;
import org.switchboard.orgs.OrgStore;

/**
 * A large inbox for the inbox bar: one organization with N conversations and M messages (conversation 1 holds 500,
 * the rest share the remainder), written through the server's own stores and writer in-process, every contact
 * address, name and message body sealed to the org's public key. Bodies are sealed once into a pool of 2,000 and
 * reused, which changes nothing the server does when reading but makes generation fast. Kept in
 * {@code bench/target/inbox-cache/} and reused while it exists.
 */
final class InboxDataset {
  static final int BIG_CONVERSATION_MESSAGES = 500;
  private static final int BODY_POOL = 2_000;
  private static final int CONVERSATIONS_PER_TRANSACTION = 250;

  /** A ready data folder, an API token for its owner, the 500-message conversation and how long it took to make. */
  record Ready(Path data, String token, long bigConversation, Duration generation, boolean cached) {}

  private InboxDataset() {
  }

  static Ready prepare(Options options, Consumer<String> say) throws Exception {
    Path cache = options.target().resolve("inbox-cache/" + options.conversations() + "-" + options.messages() + "-"
        + schemaVersion(options.dist()));
    Path info = cache.resolve("dataset.properties");
    Properties properties = new Properties();
    if (Files.exists(info)) {
      try (Reader in = Files.newBufferedReader(info)) {
        properties.load(in);
      }
      return new Ready(cache.resolve("data"), properties.getProperty("token"),
          Long.parseLong(properties.getProperty("conversation")),
          Duration.ofMillis(Long.parseLong(properties.getProperty("generationMillis"))), true);
    }
    deleteTree(cache);
    Files.createDirectories(cache);
    Path data = cache.resolve("data");
    Setup.Owner owner = Setup.initialize(options.dist(), data, cache.resolve("cli.log"));
    say.accept("generating " + options.conversations() + " conversations / " + options.messages()
        + " messages (cached for later runs in " + cache + ")");
    long started = System.nanoTime();
    long conversation;
    try (Switchboard server = Switchboard.openForTool(
        ServerConfig.forDataDir(data).withPluginsDir(options.dist().resolve("plugins")), List.of())) {
      conversation = generate(server, options.conversations(), options.messages(), say);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    properties.setProperty("token", owner.token());
    properties.setProperty("conversation", String.valueOf(conversation));
    properties.setProperty("generationMillis", String.valueOf(took.toMillis()));
    try (Writer out = Files.newBufferedWriter(info)) {
      properties.store(out, "inbox data set (API token of its owner; delete the folder to regenerate)");
    }
    return new Ready(data, owner.token(), conversation, took, false);
  }

  private static long generate(Switchboard server, int conversationCount, int messageCount, Consumer<String> say) {
    Org org = server.get(OrgService.class).all().get(0);
    OrgPublicKey key = org.publicKey();
    long orgId = org.id();
    long inbox = server.get(OrgStore.class).defaultInbox(server.database().read(), orgId);
    ContactStore contacts = server.get(ContactStore.class);
    ConversationStore conversations = server.get(ConversationStore.class);
    MessageStore messages = server.get(MessageStore.class);
    IngestService ingest = server.get(IngestService.class);
    org.switchboard.ingest.IngestStore ingestStore = server.get(org.switchboard.ingest.IngestStore.class);
    org.switchboard.storage.Writer writer = server.get(org.switchboard.storage.Writer.class);

    Random random = new Random(42);
    List<SealedBox> bodies = new ArrayList<>(BODY_POOL);
    for (int i = 0; i < BODY_POOL; i++) {
      bodies.add(key.seal(TwilioWebhooks.body(random, 100 + random.nextInt(201))));
    }
    int others = conversationCount - 1;
    long rest = messageCount - BIG_CONVERSATION_MESSAGES;
    Instant origin = Instant.now().minus(Duration.ofDays(100));
    long firstId = -1;
    for (int first = 0; first < conversationCount; first += CONVERSATIONS_PER_TRANSACTION) {
      // Seal outside the transaction, as the ingest path does.
      List<Person> people = new ArrayList<>();
      for (int c = first; c < Math.min(first + CONVERSATIONS_PER_TRANSACTION, conversationCount); c++) {
        Address address = Address.phone(String.format("+1556%08d", c));
        int count = c == 0 ? BIG_CONVERSATION_MESSAGES : (int) (rest / others + (c <= rest % others ? 1 : 0));
        people.add(new Person(c, count, ingest.contactIndex(orgId, address), key.seal(address.uri()),
            c % 2 == 0 ? key.seal("Person " + c) : null));
      }
      long id = writer.write(tx -> {
        long firstConversation = -1;
        for (Person p : people) {
          Instant at = origin.plusSeconds(p.number() * 60L);
          // No name check: it only spares ingest from resealing an unchanged name; reading never uses it.
          long contact = contacts.insertContact(tx.dsl(), orgId, p.name(), null, at);
          long address = contacts.insertAddress(tx.dsl(), orgId, contact, p.index(), p.address(), Address.TEL,
              at);
          long conversation = conversations.insert(tx.dsl(), orgId, inbox, contact, at);
          long last = -1;
          for (int m = 0; m < p.messages(); m++) {
            boolean in = m % 2 == 0;
            at = at.plusSeconds(1);
            last = messages.insert(tx.dsl(), new MessageStore.New(orgId, conversation, null,
                in ? Direction.IN : Direction.OUT, null, bodies.get(random.nextInt(BODY_POOL)), null,
                in ? MessageStatus.RECEIVED : MessageStatus.SENT, 0, null), at);
          }
          ingestStore.touchConversation(tx, conversation, last, null, address, at);
          firstConversation = firstConversation < 0 ? conversation : firstConversation;
        }
        return firstConversation;
      });
      firstId = firstId < 0 ? id : firstId;
      if ((first / CONVERSATIONS_PER_TRANSACTION) % 40 == 39) {
        say.accept("  … " + (first + CONVERSATIONS_PER_TRANSACTION) + " conversations written");
      }
    }
    return firstId;
  }

  /**
   * A hash of the distribution's database migrations, so a cached data set is made again when the schema changes
   * rather than served by a server that expects another schema.
   */
  static String schemaVersion(Path dist) throws IOException {
    Path jar;
    try (Stream<Path> lib = Files.list(dist.resolve("lib"))) {
      jar = lib.filter(p -> p.getFileName().toString().startsWith("switchboard-server")).findFirst()
          .orElseThrow(() -> new IOException("no switchboard-server jar in " + dist.resolve("lib")));
    }
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (ZipEntry entry : zip.stream().filter(e -> e.getName().startsWith("db/migration/"))
          .sorted(Comparator.comparing(ZipEntry::getName)).toList()) {
        digest.update(entry.getName().getBytes(StandardCharsets.UTF_8));
        try (InputStream in = zip.getInputStream(entry)) {
          digest.update(in.readAllBytes());
        }
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Person(int number, int messages, byte[] index, SealedBox address, SealedBox name) {}

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
