package dev.selfheal.activities.diagnosis;

import dev.selfheal.activities.logs.LogRecord;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reading the ranked candidates: which one leads, which of a service's candidates stands for it,
 * when the failures a candidate leads first showed, and the record just before a moment. Shared
 * by the rules that move blame.
 */
final class Rooting {
  private Rooting() {}

  /** The symptom of {@code top} that roots the most groups and has records to read, or null. */
  static KeyStats loudestSymptom(KeyStats top, List<KeyStats> rooting) {
    KeyStats loudest = null;
    for (KeyStats ks : rooting) {
      if (ks.symptomOf == top && !ks.samples.isEmpty() && (loudest == null || ks.rooted > loudest.rooted)) {
        loudest = ks;
      }
    }
    return loudest;
  }

  /**
   * The key whose records show the leading failure: {@code top}, or when it has no records of its
   * own (a stand-in for a quiet service) its loudest symptom; null when there is no top.
   */
  static KeyStats face(KeyStats top, List<KeyStats> rooting) {
    return top == null ? null : top.samples.isEmpty() ? loudestSymptom(top, rooting) : top;
  }

  /** Makes each of {@code blamed} that is nobody's symptom yet (and not {@code root}) a symptom of {@code root}. */
  static void blame(KeyStats root, KeyStats... blamed) {
    for (KeyStats ks : blamed) {
      if (ks != null && ks != root && ks.symptomOf == null) {
        ks.becomeSymptomOf(root);
      }
    }
  }

  /** The last of {@code candidates} at or before {@code millis}, within {@code window}; or null. */
  static LogRecord lastBefore(List<LogRecord> candidates, long millis, long window) {
    LogRecord last = null;
    if (candidates != null) {
      for (LogRecord r : candidates) {
        long at = r.ts().toEpochMilli();
        if (at <= millis && millis - at <= window && (last == null || at >= last.ts().toEpochMilli())) {
          last = r;
        }
      }
    }
    return last;
  }

  /**
   * When the leading failure, or one found to be its effect, first showed: an incident that
   * smoulders for hours before it storms began with its first failures, not with the storm.
   */
  static long firstFailure(KeyStats top, List<KeyStats> rooting) {
    long first = top.rooted > 0 ? top.firstRoot : Long.MAX_VALUE;
    for (KeyStats ks : rooting) {
      if (ks.symptomOf == top && !ks.background) {
        first = Math.min(first, ks.firstRoot);
      }
    }
    return first;
  }

  /** The best-scoring candidate that is nobody's symptom, or null. */
  static KeyStats leading(List<KeyStats> rooting) {
    KeyStats top = null;
    for (KeyStats ks : rooting) {
      if (ks.symptomOf == null && (top == null || ks.score > top.score)) {
        top = ks;
      }
    }
    return top;
  }

  /**
   * The service's heaviest candidate that {@code fits}; else one made for it under {@code
   * otherwiseType} (the service logged nothing that fits).
   */
  static KeyStats bestOf(LogObservations observed, String service, List<KeyStats> rooting, Predicate<KeyStats> fits,
      String otherwiseType) {
    KeyStats best = null;
    for (KeyStats ks : rooting) {
      if (ks.service.equals(service) && fits.test(ks) && (best == null || ks.directWeight > best.directWeight)) {
        best = ks;
      }
    }
    return best != null ? best : observed.stats(service, otherwiseType);
  }

  /**
   * The candidate for a root found by what it did rather than by a failure of its own: {@code
   * service}'s key without an error type, in the ranking, in the foreground, dated no later than
   * {@code since}, with {@code evidence} unless it has a record already.
   */
  static KeyStats actingRoot(LogObservations observed, List<KeyStats> rooting, String service, long since, LogRecord evidence) {
    KeyStats root = observed.stats(service, null);
    if (!rooting.contains(root)) {
      rooting.add(root);
    }
    root.background = false;
    root.firstRoot = Math.min(root.firstRoot, since);
    if (root.firstDetail == null) {
      root.firstDetail = evidence;
    }
    return root;
  }

  static String componentOf(LogRecord r) {
    return r.component() == null ? "" : " (" + LogRecord.simpleName(r.component()) + ")";
  }
}
