package dev.selfheal.activities.watch;

import dev.selfheal.workflows.messages.values.SignatureGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts error signatures over a sliding window of event time and says when one recurs: the
 * {@code threshold}-th occurrence within {@code window} fires, and the group then stays quiet
 * until {@code window} has passed since that occurrence. Occurrences during the quiet time count
 * toward the next recurrence, which needs the threshold afresh.
 *
 * <p>Event time (the logged timestamp), so reading the same lines again after a restart decides
 * the same way. Bounded: the latest {@code threshold} times per group and {@link #MAX_GROUPS}
 * groups, the least recently seen dropped first; its state round-trips through {@link
 * SignatureGroup} for heartbeats and checkpoints.
 */
final class RecurrenceWindow {
  static final int MAX_GROUPS = 200;
  static final int MAX_SIGNATURE_CHARS = 400;

  private final int threshold;
  private final Duration window;
  private final Map<String, Group> groups = new LinkedHashMap<>();

  RecurrenceWindow(int threshold, Duration window, List<SignatureGroup> restored) {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1, was " + threshold);
    }
    this.threshold = threshold;
    this.window = window;
    if (restored != null) {
      restored.stream()
          .sorted(Comparator.comparingLong(SignatureGroup::lastSeenMillis))
          .forEach(g -> groups.put(g.fingerprint(), Group.from(g, threshold)));
    }
  }

  /** Counts one occurrence; the recurrence when it makes one. */
  Recurrence record(ErrorSignature signature, Instant at) {
    String fingerprint = signature.fingerprint();
    long t = at.toEpochMilli();
    Group g = groups.remove(fingerprint); // re-inserted last: the map runs least to most recently seen
    if (g == null) {
      g = new Group(fingerprint, cut(signature.text()), t);
      if (groups.size() >= MAX_GROUPS) {
        groups.remove(groups.keySet().iterator().next());
      }
    }
    groups.put(fingerprint, g);
    g.occurrences++;
    g.lastSeen = Math.max(g.lastSeen, t);
    g.add(t, threshold);
    if (g.recent.size() < threshold || t < g.quietUntil) {
      return null;
    }
    long first = g.recent.get(0);
    long last = g.recent.get(g.recent.size() - 1);
    if (last - first >= window.toMillis()) {
      return null;
    }
    g.quietUntil = last + window.toMillis();
    g.recent.clear();
    return new Recurrence(signature, fingerprint, threshold, Instant.ofEpochMilli(first), Instant.ofEpochMilli(last),
        fingerprint + "-" + g.occurrences);
  }

  /** The alert for a recurrence reached its incident. */
  void raised(Recurrence recurrence) {
    Group g = groups.get(recurrence.fingerprint());
    if (g != null) {
      g.alertsRaised++;
      g.lastAlertId = recurrence.alertId();
    }
  }

  /** Least recently seen first. */
  List<SignatureGroup> snapshot() {
    List<SignatureGroup> out = new ArrayList<>(groups.size());
    for (Group g : groups.values()) {
      out.add(new SignatureGroup(g.fingerprint, g.signature, List.copyOf(g.recent), g.firstSeen, g.lastSeen,
          g.occurrences, g.quietUntil, g.alertsRaised, g.lastAlertId));
    }
    return out;
  }

  private static String cut(String s) {
    return s.length() <= MAX_SIGNATURE_CHARS ? s : s.substring(0, MAX_SIGNATURE_CHARS);
  }

  private static final class Group {
    final String fingerprint;
    final String signature;
    final List<Long> recent = new ArrayList<>();
    long firstSeen;
    long lastSeen;
    long occurrences;
    long quietUntil;
    int alertsRaised;
    String lastAlertId;

    Group(String fingerprint, String signature, long firstSeen) {
      this.fingerprint = fingerprint;
      this.signature = signature;
      this.firstSeen = firstSeen;
      this.lastSeen = firstSeen;
    }

    static Group from(SignatureGroup saved, int threshold) {
      Group g = new Group(saved.fingerprint(), saved.signature(), saved.firstSeenMillis());
      g.lastSeen = saved.lastSeenMillis();
      g.occurrences = saved.occurrences();
      g.quietUntil = saved.quietUntilMillis();
      g.alertsRaised = saved.alertsRaised();
      g.lastAlertId = saved.lastAlertId();
      if (saved.recentMillis() != null) {
        saved.recentMillis().forEach(t -> g.add(t, threshold));
      }
      return g;
    }

    /** Keeps the latest {@code threshold} times, in order (events may arrive out of order). */
    void add(long t, int threshold) {
      int i = recent.size();
      while (i > 0 && recent.get(i - 1) > t) {
        i--;
      }
      recent.add(i, t);
      while (recent.size() > threshold) {
        recent.remove(0);
      }
    }
  }
}
