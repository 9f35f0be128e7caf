package dev.selfheal.activities.diagnosis;

import static dev.selfheal.activities.diagnosis.CausalAnalyzer.ONSET_SLACK_MS;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.trim;
import static dev.selfheal.activities.diagnosis.TroubleWords.DATA_REJECTED;

import dev.selfheal.activities.logs.LogRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bad data is the fault of whoever let it in, not of the reader that chokes on it. When the
 * leading failures are a reader refusing data (it does not parse, holds NaN, matches twice) and,
 * shortly before, another service warned that it passed bad data on anyway (kept as-is,
 * forwarded raw, created a possible duplicate, a strictness switch off), that service is the
 * root: the fix is there, and the reader's code is only where the data surfaced.
 */
final class LetThroughRule {
  /** A warning this long before the first failure could have admitted what they read (a daily job, then its readers). */
  private static final long ADMISSION_LEAD_MS = Duration.ofHours(2).toMillis();
  private final LogObservations observed;

  LetThroughRule(LogObservations observed) {
    this.observed = observed;
  }

  /** @return whether the ranking changed */
  boolean apply(List<KeyStats> rooting) {
    KeyStats top = Rooting.leading(rooting);
    KeyStats face = Rooting.face(top, rooting);
    if (face == null || observed.letThrough.isEmpty()
        || !DATA_REJECTED.matcher(face.simpleType).find() && !face.mostlySay(DATA_REJECTED)) {
      return false;
    }
    long failuresAt = Rooting.firstFailure(top, rooting);
    String admitter = null;
    long admittedAt = Long.MIN_VALUE;
    for (Map.Entry<String, Long> e : new TreeMap<>(observed.letThrough).entrySet()) {
      long at = e.getValue();
      if (!e.getKey().equals(top.service) && !e.getKey().equals(face.service) && at <= failuresAt + ONSET_SLACK_MS
          && failuresAt - at <= ADMISSION_LEAD_MS && at > admittedAt) {
        admitter = e.getKey();
        admittedAt = at;
      }
    }
    if (admitter == null) {
      return false;
    }
    LogRecord said = observed.letThroughReports.get(admitter);
    KeyStats root = Rooting.actingRoot(observed, rooting, admitter, admittedAt, null);
    root.firstDetail = said;
    root.rootReason = admitter + " warned that it let bad data through" + Rooting.componentOf(said) + " at " + said.ts()
        + " (" + trim(said.message()) + "); " + face.service + " then failed reading data ("
        + (face.simpleType.isEmpty() ? "no error type" : face.simpleType) + ")";
    Rooting.blame(root, top, face);
    return true;
  }
}
