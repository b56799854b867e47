package org.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.eclipse.jetty.client.HttpClient;
import org.sqlite.SQLiteConfig;
import org.switchboard.storage.Database;

/**
 * The benchmark (bench/README.md): footprint, the raw limits of this machine, bare Jetty, ingest of signed Twilio
 * webhooks into a real server process with a correctness check, and the inbox on a large data set. Prints a
 * Markdown table and writes it to {@code bench/results/latest.md}.
 */
public final class Bench {
  private static final Duration IDLE_SETTLE = Duration.ofSeconds(10);
  private static final int RESEND = 500;
  private static final int BARE_BODY_BYTES = 300;

  private final Options options;
  private final Results results = new Results();
  private final HttpClient http = new HttpClient();
  private final Flood flood = new Flood(http);
  private final Path work;

  private Bench(Options options) {
    this.options = options;
    this.work = options.target().resolve("work");
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    if (!Files.isExecutable(options.dist().resolve("bin/switchboard"))) {
      throw new IllegalStateException("no distribution at " + options.dist() + "; build it first (bench/run.sh does)");
    }
    new Bench(options).run();
  }

  private void run() throws Exception {
    InboxDataset.deleteTree(work);
    Files.createDirectories(work);
    http.setMaxConnectionsPerDestination(Math.max(options.senders(), 4));
    http.setFollowRedirects(false);
    http.start();
    try {
      footprint();
      rawLimits();
      bareJetty();
      ingest();
      if (!options.skipInbox()) {
        inbox();
      }
    } finally {
      http.stop();
    }
    String report = Report.render(options, results, ServerProcess.serverJvmFlags(options.dist()));
    Path out = options.repo().resolve("bench/results/latest.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report, StandardCharsets.UTF_8);
    System.out.println();
    System.out.println(report);
    System.out.println("Written to " + out + "; server logs in " + work);
  }

  private void footprint() throws IOException {
    Path built = options.repo().resolve("installer/target/switchboard");
    results.distributionBytes = treeSize(built);
    try (Stream<Path> files = Files.list(built.getParent())) {
      results.tarBytes = files.filter(f -> f.getFileName().toString().endsWith(".tar.gz")).findFirst()
          .map(Bench::size).orElse(0L);
    }
  }

  private void rawLimits() throws Exception {
    say("raw limits: crypto_box_seal and durable SQLite inserts, %d × %d s each", options.runs(),
        options.raw().toSeconds());
    for (int run = 0; run < options.runs(); run++) {
      results.sealOneThread.add(RawLimits.seals(1, options.raw()));
      results.sealTwoThreads.add(RawLimits.seals(2, options.raw()));
      results.sqliteSingle.add(RawLimits.sqliteInserts(work.resolve("raw"), 1, options.raw()));
      results.sqliteBatched.add(RawLimits.sqliteInserts(work.resolve("raw"), options.senders(), options.raw()));
    }
  }

  private void bareJetty() throws Exception {
    byte[] body = TwilioWebhooks.body(new java.util.Random(7), BARE_BODY_BYTES).getBytes(StandardCharsets.US_ASCII);
    try (ServerProcess bare = ServerProcess.bareJetty(options.dist(), work.resolve("bare-jetty.log"))) {
      bare.awaitReady(http, Duration.ofSeconds(30));
      Flood.Call call = Flood.Call.post(bare.base().resolve("/hooks/bare"), "application/x-www-form-urlencoded",
          body, java.util.Map.of());
      say("bare Jetty: %d s warm-up, then %d × %d s", options.bareWarmup().toSeconds(), options.runs(),
          options.flood().toSeconds());
      flood.run(options.senders(), options.bareWarmup(), n -> call, c -> { });
      for (int run = 1; run <= options.runs(); run++) {
        CpuWatch.Sample before = CpuWatch.sample(bare.pid());
        Flood.Result result = flood.run(options.senders(), options.flood(), n -> call, c -> { });
        results.bareJettyCpu.add(CpuWatch.between(before, CpuWatch.sample(bare.pid())));
        results.bareJetty.add(result);
        say("  bare Jetty run %d: %s; %s", run, describe(result), describe(results.bareJettyCpu.get(run - 1)));
      }
      results.bareJettyPeakRss = bare.peakRss();
    }
  }

  private void ingest() throws Exception {
    Path folder = work.resolve("ingest");
    Path data = folder.resolve("data");
    Path log = folder.resolve("server.log");
    Setup.Owner owner = Setup.initialize(options.dist(), data, log);
    ServerProcess server = null;
    try (FakeTwilio twilio = new FakeTwilio()) {
      for (int i = 0; i < options.starts(); i++) {
        if (server != null) {
          server.close();
        }
        server = ServerProcess.switchboard(options.dist(), data, log, options.profile() ? Profile.JVM_FLAG : "");
        results.starts.add(server.awaitReady(http, Duration.ofSeconds(60)));
      }
      say("server ready in %s ms (per start); idle RSS in %d s", results.starts.stream().map(Duration::toMillis)
          .toList(), IDLE_SETTLE.toSeconds());
      Thread.sleep(IDLE_SETTLE.toMillis());
      results.idleRss = server.rss();

      Api api = new Api(http, server.base(), owner.token());
      TwilioWebhooks hooks = new TwilioWebhooks(Setup.twilioChannel(api, twilio), FakeTwilio.AUTH_TOKEN);
      AtomicLong sequence = new AtomicLong();
      AtomicLong acknowledged = new AtomicLong();
      List<Flood.Call> sample = Collections.synchronizedList(new ArrayList<>());
      Consumer<Flood.Call> ack = call -> {
        acknowledged.incrementAndGet();
        if (sample.size() < RESEND) {
          sample.add(call);
        }
      };
      say("ingest: %d s warm-up, then %d × %d s at %d senders", options.warmup().toSeconds(), options.runs(),
          options.flood().toSeconds(), options.senders());
      results.warmup = flood.run(options.senders(), options.warmup(), n -> hooks.message(sequence.getAndIncrement()),
          ack);
      say("  warm-up: %s", describe(results.warmup));
      Profile profile = options.profile() ? Profile.begin(server.pid(), folder.resolve("ingest.jfr")) : null;
      for (int run = 1; run <= options.runs(); run++) {
        ServerProcess watched = server;
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> results.rssSamples.add(watched.rss()), 250, 250, TimeUnit.MILLISECONDS);
        CpuWatch.Sample before = CpuWatch.sample(server.pid());
        Flood.Result result = flood.run(options.senders(), options.flood(),
            n -> hooks.message(sequence.getAndIncrement()), ack);
        results.ingestCpu.add(CpuWatch.between(before, CpuWatch.sample(server.pid())));
        sampler.shutdownNow();
        results.ingest.add(result);
        say("  ingest run %d: %s; %s", run, describe(result), describe(results.ingestCpu.get(run - 1)));
      }
      results.profile = profile == null ? null : profile.end();
      results.peakRss = server.peakRss();
      results.acknowledged = acknowledged.get();
      results.stored = countMessages(data);
      for (Flood.Call call : List.copyOf(sample)) {
        results.resent++;
        results.resentOk += flood.sendOnce(call) == 200 ? 1 : 0;
      }
      results.storedAfterResend = countMessages(data);
      say("  stored %d, acknowledged %d; after resending %d: %d stored", results.stored, results.acknowledged,
          results.resent, results.storedAfterResend);
    } finally {
      if (server != null) {
        server.close();
      }
    }
    InboxDataset.deleteTree(data);
  }

  private void inbox() throws Exception {
    InboxDataset.Ready ready = InboxDataset.prepare(options, message -> say("%s", message));
    results.inbox = ready;
    say("inbox data set ready (%s in %d s)", ready.cached() ? "cached; generated" : "generated",
        ready.generation().toSeconds());
    Path data = work.resolve("inbox/data");
    Files.createDirectories(data.getParent());
    copyTree(ready.data(), data);
    try (ServerProcess server = ServerProcess.switchboard(options.dist(), data, work.resolve("inbox/server.log"))) {
      server.awaitReady(http, Duration.ofSeconds(120));
      Api api = new Api(http, server.base(), ready.token());
      String view = "/api/v1/conversations/" + ready.bigConversation();
      results.listRows = api.get("/api/v1/conversations").path("conversations").size();
      results.viewMessages = api.get(view).path("messages").size();
      if (results.listRows != 50 || results.viewMessages != InboxDataset.BIG_CONVERSATION_MESSAGES) {
        throw new IllegalStateException("the inbox answered " + results.listRows + " rows and "
            + results.viewMessages + " messages; expected 50 and 500");
      }
      Flood.Call list = Flood.Call.get(api.uri("/api/v1/conversations"), api.auth());
      Flood.Call conversation = Flood.Call.get(api.uri(view), api.auth());
      say("inbox: %d s warm-up, then %d s of each request, one at a time", options.inboxWarmup().toSeconds(),
          options.inboxTiming().toSeconds());
      flood.run(4, options.inboxWarmup(), n -> n % 2 == 0 ? list : conversation, c -> { });
      CpuWatch.Sample before = CpuWatch.sample(server.pid());
      results.list = flood.run(1, options.inboxTiming(), n -> list, c -> { });
      CpuWatch.Sample between = CpuWatch.sample(server.pid());
      results.view = flood.run(1, options.inboxTiming(), n -> conversation, c -> { });
      results.inboxCpu.add(CpuWatch.between(before, between));
      results.inboxCpu.add(CpuWatch.between(between, CpuWatch.sample(server.pid())));
      results.inboxPeakRss = server.peakRss();
      say("  list: %s; view: %s", describe(results.list), describe(results.view));
    }
    InboxDataset.deleteTree(data);
  }

  private static long countMessages(Path data) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    try (Connection c = config.createConnection("jdbc:sqlite:" + data.resolve(Database.FILE_NAME));
        Statement s = c.createStatement(); ResultSet count = s.executeQuery("SELECT count(*) FROM messages")) {
      return count.getLong(1);
    }
  }

  private static String describe(Flood.Result r) {
    return String.format(java.util.Locale.ROOT, "%,.0f/s, p50 %.1f ms, p99 %.1f ms, answers %s", r.rate(),
        r.millis(50), r.millis(99), r.byStatus());
  }

  private static String describe(CpuWatch.Share cpu) {
    return String.format(java.util.Locale.ROOT, "cores used: server %.2f, load client %.2f, other processes %.2f",
        cpu.server(), cpu.harness(), cpu.others());
  }

  private static void say(String format, Object... args) {
    System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + String.format(format, args));
  }

  private static long treeSize(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).mapToLong(Bench::size).sum();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }
}
