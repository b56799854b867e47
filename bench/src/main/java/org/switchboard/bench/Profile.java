package org.switchboard.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * {@code --profile}: a Java Flight Recorder recording of the server, summarised for the measured ingest runs as where
 * the server's threads spent their samples — by library of the running method, and the hottest methods — so "what
 * dominates the ingest cost" has an answer from the same run. The recording runs from the server's start
 * ({@link #JVM_FLAG}): starting it later makes the JIT recompile during the runs and skews them.
 */
final class Profile {
  /** Added to the server's JVM flags when profiling. */
  static final String JVM_FLAG = "-XX:StartFlightRecording=name=bench,settings=profile";
  private static final int TOP = 25;
  /** Native methods a thread sits in while it waits for work: not cost. */
  private static final Set<String> WAITING = Set.of("sun.nio.ch.EPoll.wait", "sun.nio.ch.Net.accept",
      "sun.nio.ch.Net.poll", "java.lang.Thread.sleep", "java.lang.Object.wait", "jdk.internal.misc.Unsafe.park");

  private final long pid;
  private final Path file;
  private final Instant begin = Instant.now();

  private Profile(long pid, Path file) {
    this.pid = pid;
    this.file = file;
  }

  /** Marks the start of the measured window of a server started with {@link #JVM_FLAG}. */
  static Profile begin(long pid, Path file) {
    return new Profile(pid, file);
  }

  /** Dumps the recording since {@link #begin} and returns its summary as Markdown. */
  String end() throws IOException, InterruptedException {
    jcmd(pid, "JFR.dump", "name=bench", "begin=" + begin, "filename=" + file);
    return summarize(file);
  }

  /** Where a recording's samples went, as Markdown. */
  static String summarize(Path file) throws IOException {
    Map<String, Integer> byLibrary = new HashMap<>();
    Map<String, Integer> writerByLibrary = new HashMap<>();
    Map<String, Integer> byMethod = new HashMap<>();
    Map<String, Double> cpuByThreads = new HashMap<>();
    Map<String, Integer> cpuReadings = new HashMap<>();
    int total = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      String kind = event.getEventType().getName();
      if (kind.equals("jdk.ThreadCPULoad") && event.getThread() != null) {
        String group = String.valueOf(event.getThread().getJavaName()).replaceAll("[0-9]+", "N");
        cpuByThreads.merge(group, event.getDouble("user") + event.getDouble("system"), Double::sum);
        cpuReadings.merge(group, 1, Integer::sum);
        continue;
      }
      if (!kind.equals("jdk.ExecutionSample") && !kind.equals("jdk.NativeMethodSample")
          || event.getStackTrace() == null || event.getStackTrace().getFrames().isEmpty()) {
        continue;
      }
      List<RecordedFrame> frames = event.getStackTrace().getFrames();
      String top = frames.get(0).getMethod().getType().getName() + "." + frames.get(0).getMethod().getName();
      if (WAITING.contains(top)) {
        continue;
      }
      String caller = frames.stream().map(f -> f.getMethod().getType().getName()).filter(t -> !isJdk(t))
          .findFirst().orElse("java.");
      byLibrary.merge(library(caller), 1, Integer::sum);
      if (event.getThread("sampledThread") != null
          && "db-writer".equals(event.getThread("sampledThread").getJavaName())) {
        writerByLibrary.merge(library(caller), 1, Integer::sum);
      }
      byMethod.merge(top + (kind.equals("jdk.NativeMethodSample") ? " (native)" : ""), 1, Integer::sum);
      total++;
    }
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "### Server profile (JFR during the measured runs, %d samples; %s)%n%n",
        total, file));
    md.append("CPU by thread (cores, average over the recording):\n\n| Threads | Cores |\n|---|---|\n");
    // Each thread reports once a period, its load as a share of the whole machine; the writer thread lives
    // throughout, so its readings count the periods.
    double periods = Math.max(1, cpuReadings.getOrDefault("db-writer", 1));
    int cores = Runtime.getRuntime().availableProcessors();
    cpuByThreads.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
        .forEach(e -> md.append(String.format(Locale.ROOT, "| `%s` | %.2f |%n", e.getKey(),
            e.getValue() / periods * cores)));
    md.append("\nSamples of threads running Java or native code (idle waits left out), by the library of the "
        + "innermost non-JDK frame:\n\n| Library | Share |\n|---|---|\n");
    append(md, byLibrary, total, 12);
    int writer = writerByLibrary.values().stream().mapToInt(Integer::intValue).sum();
    md.append(String.format(Locale.ROOT, "%nOf these, the single database writer thread (`db-writer`, %.0f %% of the "
        + "samples):%n%n| Library | Share of the writer's |%n|---|---|%n", 100.0 * writer / Math.max(1, total)));
    append(md, writerByLibrary, writer, 6);
    md.append("\nHottest methods (self):\n\n| Method | Share |\n|---|---|\n");
    append(md, byMethod, total, TOP);
    return md.toString();
  }

  private static boolean isJdk(String type) {
    return type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")
        || type.startsWith("com.sun.") && !type.startsWith("com.sun.jna.");
  }

  private static void append(StringBuilder md, Map<String, Integer> counts, int total, int limit) {
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
        .forEach(e -> md.append(String.format(Locale.ROOT, "| `%s` | %.1f %% |%n", e.getKey(),
            100.0 * e.getValue() / Math.max(1, total))));
  }

  private static String library(String type) {
    List<String[]> prefixes = List.of(new String[] {"org.sqlite.", "SQLite JDBC"},
        new String[] {"org.jooq.", "jOOQ"}, new String[] {"com.goterl.", "libsodium (lazysodium/JNA)"},
        new String[] {"com.sun.jna.", "libsodium (lazysodium/JNA)"}, new String[] {"org.glassfish.", "Jersey/HK2"},
        new String[] {"org.jvnet.", "Jersey/HK2"}, new String[] {"org.eclipse.jetty.", "Jetty"},
        new String[] {"com.fasterxml.", "Jackson"}, new String[] {"ch.qos.logback.", "logging"},
        new String[] {"org.slf4j.", "logging"}, new String[] {"com.google.", "Guice/Guava"},
        new String[] {"com.zaxxer.", "HikariCP"}, new String[] {"org.switchboard.", "Switchboard"},
        new String[] {"javax.crypto.", "JDK crypto (HMAC)"}, new String[] {"com.sun.crypto.", "JDK crypto (HMAC)"},
        new String[] {"sun.security.", "JDK crypto (HMAC)"});
    for (String[] prefix : prefixes) {
      if (type.startsWith(prefix[0])) {
        return prefix[1];
      }
    }
    return isJdk(type) ? "JDK" : "other";
  }

  private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
    List<String> args = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd")
        .toString(), String.valueOf(pid)));
    args.addAll(List.of(command));
    Process p = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("jcmd " + String.join(" ", command) + " failed");
    }
  }
}
