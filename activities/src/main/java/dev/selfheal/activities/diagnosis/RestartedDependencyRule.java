package dev.selfheal.activities.diagnosis;

import static dev.selfheal.activities.diagnosis.CausalAnalyzer.ONSET_SLACK_MS;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.trim;

import dev.selfheal.activities.logs.LogRecord;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A server restarted just before the failures began, and the failing services' own logs show
 * them reconnecting to it: the restart is the root (a cache that came back cold, state that was
 * lost, a failover), though the server itself logged no error. A server that failed on its own
 * account is left to the failure it logged.
 */
final class RestartedDependencyRule {
  /** Failures this soon after a restart can be its effect. */
  private static final long RESTART_LEAD_MS = Duration.ofMinutes(5).toMillis();
  private final LogObservations observed;

  RestartedDependencyRule(LogObservations observed) {
    this.observed = observed;
  }

  /** @return whether the ranking changed */
  boolean apply(List<KeyStats> rooting) {
    KeyStats top = Rooting.leading(rooting);
    if (top == null || observed.stopping.isEmpty() || observed.reconnecting.isEmpty()) {
      return false;
    }
    long failuresAt = Rooting.firstFailure(top, rooting);
    Set<String> failing = new HashSet<>();
    for (KeyStats ks : rooting) {
      if (ks == top || ks.isSymptomOf(top) && !ks.background) {
        failing.add(ks.service);
      }
    }
    ServiceMentions mentions = new ServiceMentions(observed.firstSeen.keySet());
    for (Map.Entry<String, List<LogRecord>> e : new TreeMap<>(observed.stopping).entrySet()) {
      String server = e.getKey();
      LogRecord stopped = firstWithin(e.getValue(), failuresAt - RESTART_LEAD_MS, failuresAt);
      if (stopped == null || failing.contains(server) || failedItself(server, rooting)) {
        continue;
      }
      long at = stopped.ts().toEpochMilli();
      for (String client : new TreeSet<>(failing)) {
        for (LogRecord r : observed.reconnecting.getOrDefault(client, List.of())) {
          long seen = r.ts().toEpochMilli();
          if (seen >= at - ONSET_SLACK_MS && seen <= failuresAt + ONSET_SLACK_MS
              && mentions.callees(r.message() + "\n" + (r.raw() == null ? "" : r.raw()), client).contains(server)) {
            blame(server, stopped, client, r, top, rooting, failuresAt);
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The earliest of {@code records} from {@code from} to {@code to}: where a restart's sequence of stops began. */
  private static LogRecord firstWithin(List<LogRecord> records, long from, long to) {
    LogRecord first = null;
    for (LogRecord r : records) {
      long at = r.ts().toEpochMilli();
      if (at >= from && at <= to && (first == null || at < first.ts().toEpochMilli())) {
        first = r;
      }
    }
    return first;
  }

  /** Whether the server has failures of its own among the candidates, outside the background. */
  private static boolean failedItself(String server, List<KeyStats> rooting) {
    for (KeyStats ks : rooting) {
      if (ks.service.equals(server) && !ks.background && ks.rooted > 0) {
        return true;
      }
    }
    return false;
  }

  private void blame(String server, LogRecord stopped, String client, LogRecord reconnect, KeyStats top,
      List<KeyStats> rooting, long failuresAt) {
    long at = stopped.ts().toEpochMilli();
    KeyStats root = Rooting.actingRoot(observed, rooting, server, at, null);
    root.firstDetail = stopped;
    root.rootReason = server + " was restarted" + Rooting.componentOf(stopped) + " at " + stopped.ts() + " ("
        + trim(stopped.message()) + "); " + client + " reconnected to it (" + trim(reconnect.message()) + ") and the failures began "
        + Duration.ofMillis(Math.max(0, failuresAt - at)).toSeconds() + " s after the restart";
    top.becomeSymptomOf(root);
  }
}
