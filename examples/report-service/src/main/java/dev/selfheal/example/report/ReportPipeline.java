package dev.selfheal.example.report;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs report jobs end to end (cache warm-up, generation, delivery with retries), logs what
 * happened and remembers the outcome of the last job for {@code /health}.
 */
public class ReportPipeline {

  static final int DELIVERY_ATTEMPTS = 3;

  /** The outcome of one job. {@code report} is set when ok, {@code error} when not. */
  public record Result(long job, boolean ok, Path report, String error) {}

  private final ReportCache cache;
  private final ReportJob job;
  private final ReportDelivery delivery;
  private final JsonlLog log;
  private final long retryBackoffMs;
  private final AtomicLong counter = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile Result last;

  public ReportPipeline(ReportCache cache, ReportJob job, ReportDelivery delivery, JsonlLog log,
      long retryBackoffMs) {
    this.cache = cache;
    this.job = job;
    this.delivery = delivery;
    this.log = log;
    this.retryBackoffMs = retryBackoffMs;
  }

  /** The production wiring. */
  public static ReportPipeline create(Path runDir, JsonlLog log) {
    TemplateLoader loader = new TemplateLoader();
    return new ReportPipeline(new ReportCache(),
        new ReportJob(loader::load, new ReportRenderer(), runDir),
        new ReportDelivery(runDir), log, 25);
  }

  /** The last job's outcome, or null before the first job. */
  public Result lastResult() {
    return last;
  }

  public long jobsRun() {
    return counter.get();
  }

  public long jobsFailed() {
    return failed.get();
  }

  /** Runs one job now. Never throws; the outcome is logged, remembered and returned. */
  public synchronized Result runOnce() {
    long n = counter.incrementAndGet();
    long warmUpMs = cache.warmUp(n);
    if (cache.isSlow(warmUpMs)) {
      log.entry("WARN", "report cache warm-up slow (" + warmUpMs + "ms)")
          .component(ReportCache.class.getName())
          .attr("job", n).attr("elapsed_ms", warmUpMs)
          .attr("threshold_ms", ReportCache.SLOW_THRESHOLD_MS)
          .write();
    }

    String traceId = JsonlLog.newTraceId();
    String jobSpan = JsonlLog.newSpanId();
    long started = System.nanoTime();

    Path report = null;
    ReportGenerationException generationFailure = null;
    try {
      report = job.run(n);
    } catch (ReportGenerationException e) {
      generationFailure = e;
    } catch (RuntimeException e) {
      generationFailure =
          new ReportGenerationException("report job " + n + " failed unexpectedly", e);
    }
    if (generationFailure != null) {
      logGenerationFailure(n, traceId, jobSpan, generationFailure);
    }

    Path delivered = null;
    ReportDeliveryException deliveryFailure = null;
    for (int attempt = 1; attempt <= DELIVERY_ATTEMPTS; attempt++) {
      try {
        delivered = delivery.deliver(n, report, attempt, DELIVERY_ATTEMPTS, generationFailure);
        deliveryFailure = null;
        break;
      } catch (ReportDeliveryException e) {
        deliveryFailure = e;
        log.entry("ERROR", e.getMessage())
            .component(ReportDelivery.class.getName())
            .exception(e)
            .trace(traceId, JsonlLog.newSpanId(), jobSpan)
            .attr("job", n).attr("attempt", attempt).attr("max_attempts", DELIVERY_ATTEMPTS)
            .write();
        if (attempt < DELIVERY_ATTEMPTS && !backOff(attempt)) {
          break;
        }
      }
    }

    Result result;
    if (generationFailure != null) {
      result = new Result(n, false, null,
          generationFailure.getMessage() + ": " + rootCause(generationFailure));
    } else if (deliveryFailure != null) {
      result = new Result(n, false, report, deliveryFailure.getMessage()
          + (deliveryFailure.getCause() != null ? ": " + deliveryFailure.getCause() : ""));
    } else {
      result = new Result(n, true, report, null);
      log.entry("INFO", "report job " + n + " completed")
          .component(ReportJob.class.getName())
          .trace(traceId, jobSpan, null)
          .attr("job", n).attr("report", report.toString())
          .attr("delivered", delivered.toString())
          .attr("duration_ms", (System.nanoTime() - started) / 1_000_000)
          .write();
    }
    if (!result.ok()) {
      failed.incrementAndGet();
    }
    last = result;
    return result;
  }

  /**
   * The earliest link of the chain is logged first, as its own span under the job span; the job
   * failure follows on the job span.
   */
  private void logGenerationFailure(long n, String traceId, String jobSpan,
      ReportGenerationException e) {
    Throwable root = rootCause(e);
    if (root != e) {
      StackTraceElement at = JsonlLog.firstAppFrame(root);
      String component = at != null ? at.getClassName() : ReportJob.class.getName();
      JsonlLog.Entry cause = log.entry("ERROR", describe(root))
          .component(component)
          .exception(root)
          .trace(traceId, JsonlLog.newSpanId(), jobSpan);
      if (root instanceof FileNotFoundException) {
        cause.attr("path", pathOf((FileNotFoundException) root));
      }
      cause.write();
    }
    log.entry("ERROR", e.getMessage())
        .component(ReportJob.class.getName())
        .exception(e)
        .trace(traceId, jobSpan, null)
        .attr("job", n)
        .write();
  }

  private boolean backOff(int attempt) {
    try {
      Thread.sleep(retryBackoffMs * attempt);
      return true;
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static Throwable rootCause(Throwable t) {
    Throwable r = t;
    for (int i = 0; i < 20 && r.getCause() != null && r.getCause() != r; i++) {
      r = r.getCause();
    }
    return r;
  }

  private static String describe(Throwable t) {
    if (t instanceof FileNotFoundException) {
      return "template not found: " + t.getMessage();
    }
    return t.getClass().getName() + (t.getMessage() != null ? ": " + t.getMessage() : "");
  }

  /** FileInputStream says "PATH (REASON)"; the path is everything before the reason. */
  static String pathOf(FileNotFoundException e) {
    String m = String.valueOf(e.getMessage());
    int paren = m.lastIndexOf(" (");
    return paren > 0 && m.endsWith(")") ? m.substring(0, paren) : m;
  }
}
