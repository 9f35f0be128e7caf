package dev.selfheal.example.report;

/**
 * Pretends to warm up the lookup cache the reports read from. Every fifth warm-up is slow: the
 * WARN it causes is old, harmless noise in the log.
 */
public class ReportCache {

  static final long SLOW_THRESHOLD_MS = 1000;

  /** Returns how long the warm-up before job {@code jobNumber} took, in milliseconds. */
  public long warmUp(long jobNumber) {
    if (jobNumber % 5 == 0) {
      return 1200 + (jobNumber * 37) % 400;
    }
    return 3 + jobNumber % 9;
  }

  public boolean isSlow(long elapsedMs) {
    return elapsedMs >= SLOW_THRESHOLD_MS;
  }
}
