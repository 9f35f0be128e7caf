package dev.selfheal.activities.diagnosis;

import static dev.selfheal.activities.diagnosis.CausalAnalyzer.ONSET_SLACK_MS;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.head;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.trim;

import dev.selfheal.activities.logs.LogRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Calls that cannot reach an address while a machine's packet filter logs dropping traffic to
 * that very address: a firewall rule (a reload, a new default policy) is in the way, not the
 * caller and not the far side. When the leading failures name an IP address and, from shortly
 * before they began, one machine logged dropping packets to it, that machine is the root.
 */
final class PacketFilterRule {
  /** Drops this long before the first failure (a retry budget, a pool's idle connections) can be their cause. */
  private static final long DROP_LEAD_MS = Duration.ofMinutes(10).toMillis();
  private final LogObservations observed;

  PacketFilterRule(LogObservations observed) {
    this.observed = observed;
  }

  /** @return whether the ranking changed */
  boolean apply(List<KeyStats> rooting) {
    KeyStats top = Rooting.leading(rooting);
    KeyStats face = Rooting.face(top, rooting);
    if (face == null || observed.droppedPackets.isEmpty()) {
      return false;
    }
    long failuresAt = Rooting.firstFailure(top, rooting);
    for (Map.Entry<String, Map<String, LogRecord>> e : new TreeMap<>(observed.droppedPackets).entrySet()) {
      if (e.getValue().size() != 1 || !mostlyName(face, e.getKey())) {
        continue; // the failures do not name it, or several machines drop it: which one is in the way is unclear
      }
      Map.Entry<String, LogRecord> filter = e.getValue().entrySet().iterator().next();
      long droppedAt = filter.getValue().ts().toEpochMilli();
      if (filter.getKey().equals(face.service) || droppedAt > failuresAt + ONSET_SLACK_MS || failuresAt - droppedAt > DROP_LEAD_MS) {
        continue;
      }
      KeyStats root = Rooting.actingRoot(observed, rooting, filter.getKey(), droppedAt, filter.getValue());
      LogRecord change = Rooting.lastBefore(observed.configChanges.get(filter.getKey()), droppedAt, DROP_LEAD_MS);
      root.rootReason = filter.getKey() + " dropped packets to " + e.getKey() + " from " + filter.getValue().ts() + " ("
          + trim(filter.getValue().message()) + ")" + (change == null ? "" : " after a change (" + trim(change.message()) + ")")
          + "; " + face.service + "'s calls to that address failed ("
          + (face.simpleType.isEmpty() ? "no error type" : face.simpleType) + ")";
      Rooting.blame(root, top, face);
      return true;
    }
    return false;
  }

  private static boolean mostlyName(KeyStats ks, String address) {
    int naming = 0;
    for (LogRecord r : ks.samples) {
      String text = r.message() + "\n" + (r.raw() == null ? "" : head(r.raw())) + "\n" + (r.causedBy() == null ? "" : r.causedBy());
      int at = text.indexOf(address);
      int end = at + address.length();
      if (at >= 0 && (end >= text.length() || !Character.isDigit(text.charAt(end)))) {
        naming++;
      }
    }
    return naming * 2 > ks.samples.size();
  }
}
