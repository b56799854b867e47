package org.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who used the CPU during a measurement, from {@code /proc}: the server under test, this harness (the load client)
 * and every other process on the machine. Other processes' share says how far to trust a figure on a shared box.
 */
final class CpuWatch {
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  /** CPU clock ticks at one moment. */
  record Sample(long machineBusy, long machineTotal, long server, long harness) {}

  /** Average cores used over an interval. */
  record Share(double server, double harness, double others) {}

  private CpuWatch() {
  }

  static Sample sample(long serverPid) {
    try {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i <= 8 && i < cpu.length; i++) {
        total += Long.parseLong(cpu[i]);
      }
      long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
      return new Sample(total - idle, total, processTicks(serverPid), processTicks(ProcessHandle.current().pid()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc", e);
    }
  }

  static Share between(Sample start, Sample end) {
    double elapsed = (end.machineTotal() - start.machineTotal()) / (double) CORES;
    if (elapsed <= 0) {
      return new Share(0, 0, 0);
    }
    long server = end.server() - start.server();
    long harness = end.harness() - start.harness();
    long others = Math.max(0, end.machineBusy() - start.machineBusy() - server - harness);
    return new Share(server / elapsed, harness / elapsed, others / elapsed);
  }

  /** User + system ticks of one process ({@code /proc/<pid>/stat} fields 14 and 15); 0 when it is gone. */
  private static long processTicks(long pid) throws IOException {
    Path stat = Path.of("/proc", String.valueOf(pid), "stat");
    if (pid <= 0 || !Files.exists(stat)) {
      return 0;
    }
    String text = Files.readString(stat);
    // The command name (field 2) may contain spaces; the fields after it start behind its closing parenthesis.
    String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
