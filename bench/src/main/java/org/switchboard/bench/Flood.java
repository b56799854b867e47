package org.switchboard.bench;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpMethod;

/**
 * A closed-loop load client: {@code senders} requests always in flight (each sender sends its next request the
 * moment its previous answer arrives), for a fixed time. Only 200 answers count as done; their latencies go into a
 * histogram. When the time is up, requests already sent are waited for, so every request is either counted or
 * reported as failed.
 */
final class Flood {
  /** One request to send. */
  record Call(HttpMethod method, URI uri, String contentType, byte[] body, Map<String, String> headers) {
    static Call post(URI uri, String contentType, byte[] body, Map<String, String> headers) {
      return new Call(HttpMethod.POST, uri, contentType, body, headers);
    }

    static Call get(URI uri, Map<String, String> headers) {
      return new Call(HttpMethod.GET, uri, null, null, headers);
    }
  }

  /** What a flood did: answers by status ({@code -1}: no answer), and the latency of the 200s. */
  record Result(long ok, Map<Integer, Long> byStatus, Duration elapsed, Histogram latency) {
    double rate() {
      return ok / (elapsed.toNanos() / 1e9);
    }

    long failed() {
      return byStatus.entrySet().stream().filter(e -> e.getKey() != 200).mapToLong(Map.Entry::getValue).sum();
    }

    /** A latency percentile in milliseconds. */
    double millis(double percentile) {
      return latency.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  private final HttpClient http;

  Flood(HttpClient http) {
    this.http = http;
  }

  /**
   * Sends {@code calls.apply(0), calls.apply(1), …} with {@code senders} in flight for {@code duration};
   * {@code acknowledged} sees each call that got a 200.
   */
  Result run(int senders, Duration duration, LongFunction<Call> calls, Consumer<Call> acknowledged)
      throws InterruptedException {
    Run run = new Run(calls, acknowledged, System.nanoTime() + duration.toNanos(), senders);
    long start = System.nanoTime();
    for (int i = 0; i < senders; i++) {
      run.next();
    }
    if (!run.finished.await(duration.toSeconds() + 120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("requests still unanswered two minutes after the flood ended");
    }
    Map<Integer, Long> byStatus = new TreeMap<>();
    run.statuses.forEach((status, count) -> byStatus.put(status, count.sum()));
    return new Result(byStatus.getOrDefault(200, 0L), byStatus, Duration.ofNanos(run.lastAnswer.get() - start),
        run.latency.getIntervalHistogram());
  }

  /** Sends one call and waits for its status. */
  int sendOnce(Call call) throws Exception {
    return request(call).send().getStatus();
  }

  private Request request(Call call) {
    Request request = http.newRequest(call.uri()).method(call.method()).timeout(60, TimeUnit.SECONDS);
    call.headers().forEach((name, value) -> request.headers(h -> h.put(name, value)));
    if (call.body() != null) {
      request.body(new BytesRequestContent(call.contentType(), call.body()));
    }
    return request;
  }

  private final class Run {
    final LongFunction<Call> calls;
    final Consumer<Call> acknowledged;
    final long deadline;
    final CountDownLatch finished;
    final AtomicLong sequence = new AtomicLong();
    final AtomicLong lastAnswer = new AtomicLong(System.nanoTime());
    final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    final Recorder latency = new Recorder(3);

    Run(LongFunction<Call> calls, Consumer<Call> acknowledged, long deadline, int senders) {
      this.calls = calls;
      this.acknowledged = acknowledged;
      this.deadline = deadline;
      this.finished = new CountDownLatch(senders);
    }

    void next() {
      if (System.nanoTime() >= deadline) {
        finished.countDown();
        return;
      }
      Call call = calls.apply(sequence.getAndIncrement());
      long sent = System.nanoTime();
      request(call).send(result -> {
        long now = System.nanoTime();
        lastAnswer.accumulateAndGet(now, Math::max);
        int status = result.isSucceeded() ? result.getResponse().getStatus() : -1;
        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        if (status == 200) {
          latency.recordValue((now - sent) / 1000);
          acknowledged.accept(call);
          next();
        } else {
          // A failure can be reported on the sending thread; continue on another to keep the stack flat.
          http.getExecutor().execute(this::next);
        }
      });
    }
  }
}
