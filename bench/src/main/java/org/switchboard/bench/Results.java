package org.switchboard.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Every figure one benchmark run measured, filled in phase by phase and rendered by {@link Report}. */
final class Results {
  // Footprint
  long distributionBytes;
  long tarBytes;
  final List<Duration> starts = new ArrayList<>();
  long idleRss;

  // Raw limits
  final List<Double> sealOneThread = new ArrayList<>();
  final List<Double> sealTwoThreads = new ArrayList<>();
  final List<Double> sqliteSingle = new ArrayList<>();
  final List<Double> sqliteBatched = new ArrayList<>();
  final List<Flood.Result> bareJetty = new ArrayList<>();
  long bareJettyPeakRss;
  final List<CpuWatch.Share> bareJettyCpu = new ArrayList<>();

  // Ingest
  Flood.Result warmup;
  final List<Flood.Result> ingest = new ArrayList<>();
  final List<Long> rssSamples = Collections.synchronizedList(new ArrayList<>());
  final List<CpuWatch.Share> ingestCpu = new ArrayList<>();
  long peakRss;
  long acknowledged;
  long stored;
  int resent;
  int resentOk;
  long storedAfterResend;
  String profile;

  // Inbox
  InboxDataset.Ready inbox;
  int listRows;
  int viewMessages;
  Flood.Result list;
  Flood.Result view;
  long inboxPeakRss;
  final List<CpuWatch.Share> inboxCpu = new ArrayList<>();

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
  }

  /** The median share of each party over a set of measured runs. */
  static CpuWatch.Share medianShare(List<CpuWatch.Share> shares) {
    return new CpuWatch.Share(median(shares.stream().map(CpuWatch.Share::server).toList()),
        median(shares.stream().map(CpuWatch.Share::harness).toList()),
        median(shares.stream().map(CpuWatch.Share::others).toList()));
  }

  double ingestRate() {
    return median(ingest.stream().map(Flood.Result::rate).toList());
  }

  double ingestMillis(double percentile) {
    return median(ingest.stream().map(r -> r.millis(percentile)).toList());
  }

  double bareRate() {
    return median(bareJetty.stream().map(Flood.Result::rate).toList());
  }

  double bareMillis(double percentile) {
    return median(bareJetty.stream().map(r -> r.millis(percentile)).toList());
  }

  double steadyRss() {
    synchronized (rssSamples) {
      return median(rssSamples.stream().map(Long::doubleValue).toList());
    }
  }

  double startMillis() {
    return median(starts.stream().map(d -> (double) d.toMillis()).toList());
  }

  boolean ingestCorrect() {
    return stored == acknowledged && storedAfterResend == stored && resentOk == resent && resent > 0;
  }
}
