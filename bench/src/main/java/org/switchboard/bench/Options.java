package org.switchboard.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What one benchmark run does, from {@code --name=value} flags (see bench/README.md). {@code --quick} shortens every
 * phase for a smoke run; any flag given explicitly still wins.
 *
 * @param repo the checkout (holds {@code installer/target/switchboard} and {@code bench/})
 * @param dist the distribution to run (by default the checkout's {@code installer/target/switchboard})
 * @param warmup load on the webhook path before the measured runs (Jersey needs 60–90 s on 2 cores)
 * @param flood length of one measured ingest run
 * @param runs measured runs of each rate (the report shows medians)
 * @param senders concurrent senders (requests in flight) for the server and bare Jetty floods
 * @param raw length of one raw-limit run (SQLite, sealing)
 * @param bareWarmup load on bare Jetty before its measured runs
 * @param starts server starts timed for start-to-ready
 * @param inboxWarmup load on the inbox API before its timings
 * @param inboxTiming length of each inbox timing (one request in flight)
 * @param conversations conversations in the inbox data set
 * @param messages messages in the inbox data set
 * @param skipInbox leave out the inbox phase
 * @param profile record the server with Java Flight Recorder during the measured ingest runs
 * @param flags the flags as given, for the report
 */
record Options(Path repo, Path dist, boolean quick, Duration warmup, Duration flood, int runs, int senders, Duration raw,
    Duration bareWarmup, int starts, Duration inboxWarmup, Duration inboxTiming, int conversations, int messages,
    boolean skipInbox, boolean profile, String flags) {

  static Options parse(String[] args) {
    Map<String, String> flags = new HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + arg + " (flags look like --name=value)");
      }
      int eq = arg.indexOf('=');
      flags.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "true" : arg.substring(eq + 1));
    }
    boolean quick = Boolean.parseBoolean(flags.remove("quick"));
    Path repo = Path.of(flags.getOrDefault("repo", ".")).toAbsolutePath().normalize();
    Options options = new Options(
        repo,
        Path.of(flags.getOrDefault("dist", repo.resolve("installer/target/switchboard").toString())),
        quick,
        seconds(flags.remove("warmup"), quick ? 20 : 90),
        seconds(flags.remove("flood"), quick ? 8 : 20),
        number(flags.remove("runs"), 3),
        number(flags.remove("senders"), 32),
        seconds(flags.remove("raw"), quick ? 2 : 5),
        seconds(flags.remove("bare-warmup"), quick ? 5 : 20),
        number(flags.remove("starts"), quick ? 3 : 5),
        seconds(flags.remove("inbox-warmup"), quick ? 10 : 30),
        seconds(flags.remove("inbox-timing"), quick ? 4 : 10),
        number(flags.remove("conversations"), 100_000),
        number(flags.remove("messages"), 1_000_000),
        Boolean.parseBoolean(flags.remove("skip-inbox")),
        Boolean.parseBoolean(flags.remove("profile")),
        String.join(" ", java.util.Arrays.stream(args)
            .filter(a -> !a.startsWith("--repo=") && !a.startsWith("--dist=")).toList()));
    flags.remove("repo");
    flags.remove("dist");
    if (!flags.isEmpty()) {
      throw new IllegalArgumentException("unknown flag(s) " + flags.keySet() + "; see bench/README.md");
    }
    if (options.runs() < 1 || options.senders() < 1 || options.starts() < 1) {
      throw new IllegalArgumentException("runs, senders and starts must be at least 1");
    }
    if (options.messages() < options.conversations() + 500) {
      throw new IllegalArgumentException("the data set needs at least conversations + 500 messages");
    }
    return options;
  }

  Path target() {
    return repo.resolve("bench/target");
  }

  private static Duration seconds(String value, int fallback) {
    return Duration.ofSeconds(value == null ? fallback : Long.parseLong(value));
  }

  private static int number(String value, int fallback) {
    return value == null ? fallback : Integer.parseInt(value.replace("_", ""));
  }
}
