package io.tributary.bench.load;

import java.util.Locale;
import java.util.Objects;

/** Renders a {@link RunResult} as the few lines a person reads after a run. */
public final class ResultReport {

  private ResultReport() {}

  /** The human-readable summary, ending with a newline. */
  public static String format(RunResult result) {
    Objects.requireNonNull(result, "result");
    RunResult.Settings s = result.settings();
    RunResult.Requests r = result.requests();
    StringBuilder out = new StringBuilder();
    String pacing =
        "open".equals(result.mode())
            ? "open loop at %,d events/s".formatted(s.rate())
            : "closed loop, concurrency %d".formatted(s.concurrency());
    line(
        out,
        "run %s: %s, batch %d, %.1f s measured after %.1f s warm-up",
        result.runId(),
        pacing,
        s.batchSize(),
        s.durationSeconds(),
        s.warmupSeconds());
    if (result.batchesPerTarget() == null) {
      line(out, "  target       %s/v1/batch", result.url());
    } else {
      result
          .batchesPerTarget()
          .forEach((url, sent) -> line(out, "  target       %s/v1/batch  (%,d batches sent)", url, sent));
    }
    line(
        out,
        "  events/s     %,.0f  (%,d events accepted in %.3f s; mean event %.0f B, batch %.0f B)",
        result.eventsPerSecond(),
        result.acceptedEvents(),
        result.measuredSeconds(),
        result.payload().meanEventBytes(),
        result.payload().meanBatchBytes());
    line(
        out,
        "  requests     accepted %,d  rejected %,d  errors %,d  throttled answers %,d"
            + "  skipped %,d  late %,d",
        r.accepted(),
        r.rejected(),
        r.errors(),
        r.throttledAnswers(),
        r.skipped(),
        r.late());
    line(out, "  ack latency  %s", latency(result.ackLatencyMs()));
    if (result.probes() != null) {
      RunResult.Probes p = result.probes();
      line(out, "  visibility   %s", latency(p.visibilityMs()));
      line(
          out,
          "  probes       started %,d  visible %,d  timed out %,d  failed %,d  skipped %,d",
          p.started(),
          p.visible(),
          p.timedOut(),
          p.failed(),
          p.skipped());
      if (p.firstProblem() != null) {
        line(out, "  first probe problem: %s", p.firstProblem());
      }
    }
    if (result.firstProblem() != null) {
      line(out, "  first problem: %s", result.firstProblem());
    }
    if (r.skipped() > 0) {
      line(out, "  WARNING: %,d sends skipped: the target rate was not sustained", r.skipped());
    }
    return out.toString();
  }

  private static String latency(LatencySummary l) {
    if (l.count() == 0) {
      return "no samples";
    }
    return String.format(
        Locale.ROOT,
        "p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f ms  (n=%,d)",
        l.p50(),
        l.p90(),
        l.p99(),
        l.p999(),
        l.max(),
        l.count());
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
