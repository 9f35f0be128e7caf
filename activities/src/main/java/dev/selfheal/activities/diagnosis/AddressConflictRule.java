package dev.selfheal.activities.diagnosis;

import static dev.selfheal.activities.diagnosis.CausalAnalyzer.NEWCOMER_AFTER_MS;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.ONSET_SLACK_MS;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.trim;

import dev.selfheal.activities.logs.LogRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A machine that came up with an address another already had: traffic for the address reaches
 * one or the other as the network's ARP entries flip, and connections to the old owner are
 * refused or reset by the new one, by turns. When something in the logs saw the address flip and
 * exactly one machine that came up in the window said it took that address, before the failures
 * began, that machine is the root, not the one whose address it took nor the clients.
 */
final class AddressConflictRule {
  /** A conflict seen this long before the failures, or minutes after their start, can be their cause. */
  private static final long CONFLICT_LEAD_MS = Duration.ofHours(2).toMillis();
  private static final long CONFLICT_AFTER_MS = Duration.ofMinutes(5).toMillis();
  private final LogObservations observed;

  AddressConflictRule(LogObservations observed) {
    this.observed = observed;
  }

  /** @return whether the ranking changed */
  boolean apply(List<KeyStats> rooting) {
    KeyStats top = Rooting.leading(rooting);
    if (top == null || observed.addressConflicts.isEmpty()) {
      return false;
    }
    long failuresAt = Rooting.firstFailure(top, rooting);
    for (Map.Entry<String, LogRecord> e : new TreeMap<>(observed.addressConflicts).entrySet()) {
      LogRecord seen = e.getValue();
      long seenAt = seen.ts().toEpochMilli();
      if (seenAt > failuresAt + CONFLICT_AFTER_MS || failuresAt - seenAt > CONFLICT_LEAD_MS) {
        continue;
      }
      String taker = null;
      LogRecord took = null;
      for (Map.Entry<String, LogRecord> claim : new TreeMap<>(observed.addressClaims.getOrDefault(e.getKey(), Map.of())).entrySet()) {
        long at = claim.getValue().ts().toEpochMilli();
        if (!claim.getKey().equals(seen.service()) && at > observed.minTs + NEWCOMER_AFTER_MS && at <= failuresAt + ONSET_SLACK_MS) {
          if (taker != null) {
            return false; // two newcomers with the address: which one took it is not for logs to say
          }
          taker = claim.getKey();
          took = claim.getValue();
        }
      }
      if (taker == null || taker.equals(top.service)) {
        continue;
      }
      KeyStats root = Rooting.actingRoot(observed, rooting, taker, took.ts().toEpochMilli(), null);
      root.firstDetail = took;
      root.rootReason = taker + " came up with address " + e.getKey() + " at " + took.ts() + " (" + trim(took.message())
          + "); " + seen.service() + " saw the address answered by two machines (" + trim(seen.message()) + ")";
      top.becomeSymptomOf(root);
      for (KeyStats ks : rooting) {
        if (ks != root && ks.symptomOf == null && !ks.background && ks.firstRoot >= root.firstRoot && mentions(ks, e.getKey())) {
          ks.becomeSymptomOf(root); // the other failures that hit the address, now this machine, now the other
        }
      }
      return true;
    }
    return false;
  }

  private static boolean mentions(KeyStats ks, String address) {
    for (LogRecord r : ks.samples) {
      if ((r.message() + "\n" + (r.raw() == null ? "" : CausalAnalyzer.head(r.raw()))).contains(address)) {
        return true;
      }
    }
    return false;
  }
}
