package org.switchboard.bench;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * The results as Markdown: one table of every figure beside its target from PRODUCT.md and the raw limit measured
 * in the same run (with the ratio, which is what holds on a noisy machine), then the individual runs.
 */
final class Report {
  private static final double MB = 1_000_000.0;

  private final StringBuilder md = new StringBuilder();

  private Report() {
  }

  static String render(Options o, Results r, String serverFlags) {
    Report report = new Report();
    report.summary(o, r, serverFlags);
    report.runs(o, r);
    if (r.profile != null) {
      report.md.append('\n').append(r.profile);
    }
    return report.md.toString();
  }

  private void summary(Options o, Results r, String serverFlags) {
    line("## Benchmark (`bench/run.sh%s`, %s)", o.flags().isEmpty() ? "" : " " + o.flags(), LocalDate.now());
    line("");
    line("%d cores, Java %s. %s: %d s warm-up, %d runs × %d s at %d concurrent senders; figures are medians of the "
            + "runs. Server: the distribution's `bin/switchboard serve` (`%s`); load client: Jetty HttpClient, closed "
            + "loop, on the same machine. MB = 10⁶ bytes.", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), o.quick() ? "Quick run" : "Full run", o.warmup().toSeconds(), o.runs(),
        o.flood().toSeconds(), o.senders(), serverFlags);
    line("");
    line("| Figure | Switchboard | Target | Raw limit (same run) | Switchboard ÷ limit | Met |");
    line("|---|---|---|---|---|---|");
    double rate = r.ingestRate();
    row(String.format(Locale.ROOT, "Ingest, signed Twilio webhooks, %d senders", o.senders()),
        count(rate) + " msg/s", "≥ 2,000 msg/s", "bare Jetty POST: " + count(r.bareRate()) + " req/s",
        ratio(rate, r.bareRate()), met(rate >= 2000));
    limitRow("SQLite durable insert, 1 row/commit: " + count(Results.median(r.sqliteSingle)) + " rows/s",
        ratio(rate, Results.median(r.sqliteSingle)));
    limitRow("SQLite durable insert, " + o.senders() + " rows/commit (one transaction, as the writer batches): "
        + count(Results.median(r.sqliteBatched)) + " rows/s", ratio(rate, Results.median(r.sqliteBatched)));
    limitRow("`crypto_box_seal` 200 B, 1 thread: " + count(Results.median(r.sealOneThread)) + "/s",
        ratio(rate, Results.median(r.sealOneThread)));
    limitRow("`crypto_box_seal` 200 B, 2 threads: " + count(Results.median(r.sealTwoThreads)) + "/s",
        ratio(rate, Results.median(r.sealTwoThreads)));
    row("Ingest latency p50",
        millis(r.ingestMillis(50)), "—", "bare Jetty: " + millis(r.bareMillis(50)),
        ratio(r.ingestMillis(50), r.bareMillis(50)), "");
    row("Ingest latency p99",
        millis(r.ingestMillis(99)), "≤ 50 ms", "bare Jetty: " + millis(r.bareMillis(99)),
        ratio(r.ingestMillis(99), r.bareMillis(99)), met(r.ingestMillis(99) <= 50));
    row("Server RSS under load, steady / peak",
        mb(r.steadyRss()) + " / " + mb(r.peakRss), "≤ 256 MB", "bare Jetty peak: " + mb(r.bareJettyPeakRss),
        ratio(r.peakRss, r.bareJettyPeakRss), met(r.peakRss <= 256 * MB));
    CpuWatch.Share cpu = Results.medianShare(r.ingestCpu);
    CpuWatch.Share bareCpu = Results.medianShare(r.bareJettyCpu);
    row("CPU during ingest runs, cores", String.format(Locale.ROOT, "server %.2f (%.2f ms per message), load client "
            + "%.2f, other processes %.2f", cpu.server(), cpu.server() * 1000 / rate, cpu.harness(), cpu.others()),
        "—", String.format(Locale.ROOT, "bare Jetty: server %.2f (%.3f ms per request)", bareCpu.server(),
            bareCpu.server() * 1000 / r.bareRate()), "", "");
    row("Stored = acknowledged; resent webhooks not duplicated",
        String.format(Locale.ROOT, "%,d stored / %,d acknowledged; %d of %d resent → %,d stored", r.stored,
        r.acknowledged, r.resentOk, r.resent, r.storedAfterResend), "equal, no duplicates", "", "",
        met(r.ingestCorrect()));
    if (r.inbox != null) {
      row("Inbox list, 50 rows, previews decrypted, p50",
          millis(r.list.millis(50)), "≤ 30 ms", "", "", met(r.list.millis(50) <= 30));
      row(String.format(Locale.ROOT, "Conversation view, %d messages, p50", r.viewMessages),
          millis(r.view.millis(50)), "≤ 50 ms", "", "", met(r.view.millis(50) <= 50));
    }
    row("Idle RSS after start",
        mb(r.idleRss), "≤ 160 MB", "", "", met(r.idleRss <= 160 * MB));
    row(String.format(Locale.ROOT, "Start to ready (`/healthz` 200), median of %d", r.starts.size()),
        String.format(Locale.ROOT, "%.2f s", r.startMillis() / 1000), "≤ 3 s", "", "",
        met(r.startMillis() <= 3000));
    row("Distribution `installer/target/switchboard/`",
        mb(r.distributionBytes), "≤ 60 MB", "", "", met(r.distributionBytes <= 60 * MB));
    row("Distribution `.tar.gz`",
        mb(r.tarBytes), "—", "", "", "");
    row("Docker image",
        "not measured (no container engine here)", "≤ 200 MB", "", "", "");
    line("");
    double others = Math.max(cpu.others(), bareCpu.others());
    if (others > 0.2) {
      line("> **Shared machine:** other processes used %.2f of %d cores during the measured runs, so rates and "
          + "latencies are lower than on a quiet box; the ratios to the raw limits measured in the same run hold "
          + "better. Re-run when the machine is idle for figures to quote.", others,
          Runtime.getRuntime().availableProcessors());
      line("");
    }
  }

  private void runs(Options o, Results r) {
    line("<details><summary>Individual runs</summary>");
    line("");
    line("| Run | Rate | p50 | p99 | Not 200 |");
    line("|---|---|---|---|---|");
    floodRow("ingest warm-up", r.warmup);
    for (int i = 0; i < r.ingest.size(); i++) {
      floodRow("ingest " + (i + 1), r.ingest.get(i));
    }
    for (int i = 0; i < r.bareJetty.size(); i++) {
      floodRow("bare Jetty " + (i + 1), r.bareJetty.get(i));
    }
    if (r.inbox != null) {
      floodRow("inbox list (1 in flight)", r.list);
      floodRow("conversation view (1 in flight)", r.view);
    }
    line("");
    line("Raw limits per run: seal 1 thread %s; seal 2 threads %s; SQLite 1 row/commit %s; %d rows/commit %s.",
        counts(r.sealOneThread), counts(r.sealTwoThreads), counts(r.sqliteSingle), o.senders(),
        counts(r.sqliteBatched));
    line("Start to ready per start: %s ms.", r.starts.stream().map(d -> String.valueOf(d.toMillis())).toList());
    if (r.inbox != null) {
      line("Inbox data set: %,d conversations / %,d messages, %s in %d s (through the server's stores, in-process).",
          o.conversations(), o.messages(), r.inbox.cached() ? "reused from bench/target/inbox-cache, generated"
              : "generated", r.inbox.generation().toSeconds());
      CpuWatch.Share inboxCpu = Results.medianShare(r.inboxCpu);
      line("Inbox server peak RSS: %s; other processes used %.2f cores during the inbox timings. Inbox times are "
          + "measured by the client over loopback (keep-alive, bearer token), so they include HTTP and JSON on both "
          + "sides.", mb(r.inboxPeakRss), inboxCpu.others());
    }
    line("");
    line("</details>");
  }

  private void floodRow(String name, Flood.Result result) {
    if (result != null) {
      line("| %s | %s/s | %s | %s | %s |", name, count(result.rate()), millis(result.millis(50)),
          millis(result.millis(99)), result.failed() == 0 ? "0" : result.byStatus().toString());
    }
  }

  private void row(String figure, String measured, String target, String limit, String ratio, String met) {
    line("| %s | %s | %s | %s | %s | %s |", figure, measured, target, limit, ratio, met);
  }

  private void limitRow(String limit, String ratio) {
    line("| | | | %s | %s | |", limit, ratio);
  }

  private void line(String format, Object... args) {
    md.append(String.format(Locale.ROOT, format, args)).append('\n');
  }

  private static String count(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  private static String counts(List<Double> values) {
    return values.stream().map(Report::count).toList().toString();
  }

  private static String millis(double value) {
    return String.format(Locale.ROOT, "%.1f ms", value);
  }

  private static String mb(double bytes) {
    return String.format(Locale.ROOT, "%.0f MB", bytes / MB);
  }

  private static String ratio(double value, double limit) {
    return limit > 0 ? String.format(Locale.ROOT, "%.2f", value / limit) : "";
  }

  private static String met(boolean met) {
    return met ? "yes" : "**no**";
  }
}
