package org.switchboard.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;

/**
 * A JVM the harness runs as a separate process — the real server through the distribution's {@code bin/switchboard}
 * (so its own JVM flags apply), or bare Jetty — with its start-to-ready time and resident memory.
 */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final long startedNanos;
  private final int port;

  private ServerProcess(Process process, long startedNanos, int port) {
    this.process = process;
    this.startedNanos = startedNanos;
    this.port = port;
  }

  /** {@code bin/switchboard serve} on a free loopback port, output to {@code log}. */
  static ServerProcess switchboard(Path dist, Path data, Path log) throws IOException {
    return switchboard(dist, data, log, "");
  }

  /** The same with JVM flags added to the launcher's own (through {@code SWITCHBOARD_JAVA_OPTS}). */
  static ServerProcess switchboard(Path dist, Path data, Path log, String extraJvmFlags) throws IOException {
    int port = freePort();
    ProcessBuilder builder = new ProcessBuilder(dist.resolve("bin/switchboard").toString(), "serve", "--data",
        data.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1", "--public-url",
        "http://127.0.0.1:" + port);
    if (!extraJvmFlags.isBlank()) {
      builder.environment().put("SWITCHBOARD_JAVA_OPTS", serverJvmFlags(dist) + " " + extraJvmFlags);
    }
    return start(builder, port, log);
  }

  /** {@link BareJetty} in its own JVM with the same JVM flags as the server. */
  static ServerProcess bareJetty(Path dist, Path log) throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of(serverJvmFlags(dist).split("\\s+")));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), BareJetty.class.getName(),
        String.valueOf(port)));
    return start(new ProcessBuilder(command), port, log);
  }

  /**
   * The flags the launcher gives the server: {@code SWITCHBOARD_JAVA_OPTS} when set, else the {@code default_opts}
   * line of {@code bin/switchboard} (read, not copied, so the two cannot drift apart).
   */
  static String serverJvmFlags(Path dist) throws IOException {
    String env = System.getenv("SWITCHBOARD_JAVA_OPTS");
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    return Files.readAllLines(dist.resolve("bin/switchboard")).stream()
        .filter(line -> line.startsWith("default_opts="))
        .map(line -> line.substring("default_opts=".length()).replace("\"", "").trim())
        .findFirst().orElseThrow(() -> new IOException("no default_opts line in bin/switchboard"));
  }

  /** Runs a one-off {@code bin/switchboard} command and returns its standard output. */
  static String cli(Path dist, Path log, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(dist.resolve("bin/switchboard").toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(log.getParent(), "cli", ".out");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(
        log.toFile())).start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("switchboard " + args[0] + " failed; see " + log);
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);
    Files.delete(out);
    return text;
  }

  private static ServerProcess start(ProcessBuilder builder, int port, Path log) throws IOException {
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // bin/switchboard limits glibc's malloc arenas this way; bare Jetty gets the same.
    builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
    long started = System.nanoTime();
    return new ServerProcess(builder.start(), started, port);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  long pid() {
    return process.pid();
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Waits for {@code /healthz} to answer 200; returns the time since the process was started. */
  Duration awaitReady(HttpClient http, Duration timeout) throws InterruptedException {
    long deadline = startedNanos + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server process exited with " + process.exitValue());
      }
      try {
        if (http.newRequest(base().resolve("/healthz")).timeout(1, TimeUnit.SECONDS).send().getStatus() == 200) {
          return Duration.ofNanos(System.nanoTime() - startedNanos);
        }
      } catch (Exception notYet) {
        // Not listening yet.
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("the server was not ready within " + timeout.toSeconds() + " s");
  }

  /** Resident memory now ({@code VmRSS}), in bytes. */
  long rss() {
    return status("VmRSS:");
  }

  /** The most resident memory the process ever had ({@code VmHWM}), in bytes. */
  long peakRss() {
    return status("VmHWM:");
  }

  private long status(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).replace("kB", "").trim()) * 1024;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc status of the server", e);
    }
    throw new IllegalStateException(field + " missing from /proc status");
  }

  /** Stops the process politely (SIGTERM: the server's shutdown hook closes the database), then by force. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
