package dev.selfheal.activities.diagnosis;

import dev.selfheal.activities.logs.AccessLogLines;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The error records of one failing unit of work: one trace, or (without a trace) one service's
 * errors within a couple of seconds. {@link #resolve} finds the record earliest in the causal
 * chain and how the other error types hang off it.
 *
 * <p>Links between error types, strongest first:
 *
 * <ol>
 *   <li>{@code caused_by}: a record whose {@code caused_by} names another record's type (same
 *       service, since a cause chain lives in one process) is that record's effect;
 *   <li>spans: a record in a child span ({@code parent_span_id} = the other's {@code span_id})
 *       is the cause of the error in its parent span: a callee fails, its caller reports it.
 *       Not by timestamp: a caller that times out logs before its stuck callee does. A span link
 *       that contradicts a {@code caused_by} link is dropped (retries run in child spans of the
 *       job whose failure they report).
 *   <li>trace order, only in a trace with no parent spans at all (plain-text logs carry just the
 *       trace id): the first failing service's error causes the later errors of other services
 *       (and a proxy's 5xx in that trace, whatever its whole-second timestamp says).
 * </ol>
 *
 * The root is an error type nothing present links to; among several, the one others name in
 * {@code caused_by}, then the one with span effects, then the earliest.
 *
 * <p>Resolution runs once per group, hundreds of thousands of times for a big window, so links
 * are bit sets over the group's error types rather than maps. A group has a handful of types;
 * past {@link #MAX_TYPES} the later ones are kept as unlinked effects.
 */
final class CausalGroup {
  static final int MAX_TYPES = 64;

  /** How an error type other than the root takes part in a group. */
  record Effect(String key, int depth, int count, boolean linked, ErrorEvent first) {}

  private List<ErrorEvent> events = new ArrayList<>(2);
  private String rootKey;
  private ErrorEvent rootEvent;
  private long startMillis;
  private boolean touchesAlertService;
  private List<Effect> effects = List.of();

  void add(ErrorEvent event) {
    events.add(event);
  }

  String rootKey() {
    return rootKey;
  }

  ErrorEvent rootEvent() {
    return rootEvent;
  }

  long startMillis() {
    return startMillis;
  }

  boolean touchesAlertService() {
    return touchesAlertService;
  }

  /** Other error types in the group; {@link Effect#linked} when reached from the root by a link. */
  List<Effect> effects() {
    return effects;
  }

  boolean hasLinkedEffects() {
    for (Effect e : effects) {
      if (e.linked()) {
        return true;
      }
    }
    return false;
  }

  /** Finds the root and the effects, then drops the events no answer refers to. */
  void resolve(String alertService) {
    List<ErrorEvent> all = events;
    events = null;
    all.sort(ErrorEvent::chronological);
    startMillis = all.get(0).tsMillis;
    int n = all.size();

    // index the error types, chronological by first event
    String[] keys = new String[Math.min(n, MAX_TYPES)];
    ErrorEvent[] firstOf = new ErrorEvent[keys.length];
    int[] typeOf = new int[n];
    int types = 0;
    for (int i = 0; i < n; i++) {
      ErrorEvent e = all.get(i);
      if (e.service.equals(alertService)) {
        touchesAlertService = true;
      }
      int t = indexOf(keys, types, e.key);
      if (t < 0 && types < keys.length) {
        t = types++;
        keys[t] = e.key;
        firstOf[t] = e;
      }
      typeOf[i] = t;
    }
    if (types == 1) {
      // one error type, maybe retried: it is its own root
      rootKey = all.get(0).key;
      rootEvent = all.get(0);
      return;
    }

    long[] out = new long[types];
    long[] causedByOut = new long[types];
    long incoming = 0;
    long causedByCauses = 0;
    long spanCauses = 0;

    // caused_by links, within a service
    for (int i = 0; i < n; i++) {
      ErrorEvent e = all.get(i);
      int effect = typeOf[i];
      if (effect < 0 || e.causeTypes.length == 0) {
        continue;
      }
      for (int cause = 0; cause < types; cause++) {
        ErrorEvent c = firstOf[cause];
        if (cause != effect && (causedByOut[cause] & bit(effect)) == 0
            && c.service.equals(e.service) && contains(e.causeTypes, c.simpleType)) {
          out[cause] |= bit(effect);
          causedByOut[cause] |= bit(effect);
          incoming |= bit(effect);
          causedByCauses |= bit(cause);
        }
      }
    }

    // span links: the child span's error causes the parent span's error
    Map<String, Long> typesBySpan = n > 16 ? typesBySpan(all, typeOf) : null;
    boolean spans = false;
    for (int i = 0; i < n; i++) {
      ErrorEvent child = all.get(i);
      int c = typeOf[i];
      if (c < 0 || child.parentSpanId == null || child.parentSpanId.equals(child.spanId)) {
        continue;
      }
      spans = true;
      long parents = typesBySpan != null
          ? typesBySpan.getOrDefault(child.parentSpanId, 0L)
          : typesInSpan(all, typeOf, child.parentSpanId);
      parents &= ~bit(c);
      for (long rest = parents; rest != 0; rest &= rest - 1) {
        int parent = Long.numberOfTrailingZeros(rest);
        if ((causedByOut[parent] & bit(c)) != 0) {
          continue; // caused_by says the parent's error came first
        }
        out[c] |= bit(parent);
        incoming |= bit(parent);
        spanCauses |= bit(c);
      }
    }

    if (!spans) {
      // a trace without parent spans (plain-text logs carry only the trace id): the service that
      // failed first in it is the nearest thing to the callee that failed first, and the other
      // services' errors after it are what their calls to it made of that
      // a proxy's 5xx is always what it made of its upstream's failure, and its access log
      // prints whole seconds, which put it before the failure it reports: never a cause here
      int firstAt = 0;
      while (firstAt < n && (typeOf[firstAt] < 0 || AccessLogLines.isServerError(all.get(firstAt).simpleType))) {
        firstAt++;
      }
      if (firstAt == n) {
        firstAt = 0;
      }
      ErrorEvent first = all.get(firstAt);
      int f = typeOf[firstAt];
      for (int t = 0; t < types; t++) {
        if (t != f && !firstOf[t].service.equals(first.service)
            && (firstOf[t].tsMillis > first.tsMillis || AccessLogLines.isServerError(firstOf[t].simpleType))
            && (causedByOut[t] & bit(f)) == 0) {
          out[f] |= bit(t);
          incoming |= bit(t);
          spanCauses |= bit(f);
        }
      }
    }
    int root = chooseRoot(types, incoming, causedByCauses, spanCauses);
    rootKey = keys[root];
    rootEvent = firstOf[root];
    effects = effects(all, typeOf, keys, types, root, out);
  }

  private static long bit(int i) {
    return 1L << i;
  }

  private static int indexOf(String[] keys, int count, String key) {
    for (int i = 0; i < count; i++) {
      if (keys[i] == key || keys[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean contains(String[] names, String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (String candidate : names) {
      if (candidate == name || candidate.equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static long typesInSpan(List<ErrorEvent> all, int[] typeOf, String spanId) {
    long mask = 0;
    for (int i = 0; i < all.size(); i++) {
      if (typeOf[i] >= 0 && spanId.equals(all.get(i).spanId)) {
        mask |= bit(typeOf[i]);
      }
    }
    return mask;
  }

  private static Map<String, Long> typesBySpan(List<ErrorEvent> all, int[] typeOf) {
    Map<String, Long> bySpan = new HashMap<>();
    for (int i = 0; i < all.size(); i++) {
      ErrorEvent e = all.get(i);
      if (e.spanId != null && typeOf[i] >= 0) {
        bySpan.merge(e.spanId, bit(typeOf[i]), (a, b) -> a | b);
      }
    }
    return bySpan;
  }

  private static int chooseRoot(int types, long incoming, long causedByCauses, long spanCauses) {
    long all = types == 64 ? -1L : bit(types) - 1;
    long uncaused = all & ~incoming;
    if (uncaused == 0) {
      uncaused = all; // a cycle of links: fall back to time alone
    }
    int best = -1;
    int bestRank = -1;
    for (long rest = uncaused; rest != 0; rest &= rest - 1) { // ascending = chronological
      int t = Long.numberOfTrailingZeros(rest);
      int rank = ((causedByCauses & bit(t)) != 0 ? 2 : 0) + ((spanCauses & bit(t)) != 0 ? 1 : 0);
      if (rank > bestRank) {
        best = t;
        bestRank = rank;
      }
    }
    return best;
  }

  /**
   * Depth is the longest chain of links from the root, not the shortest: with root → B → C and
   * a direct root → C, C is still the later link (a caller sees the wrapped error, not the
   * original). Relaxation stops at the number of types, so a cycle cannot loop forever.
   */
  private static List<Effect> effects(List<ErrorEvent> all, int[] typeOf, String[] keys, int types, int root,
      long[] out) {
    int[] depth = new int[types];
    Arrays.fill(depth, -1);
    depth[root] = 0;
    int maxDepth = 0;
    boolean changed = true;
    for (int round = 0; changed && round < types; round++) {
      changed = false;
      for (int from = 0; from < types; from++) {
        if (depth[from] < 0) {
          continue;
        }
        int next = depth[from] + 1;
        for (long rest = out[from]; rest != 0; rest &= rest - 1) {
          int to = Long.numberOfTrailingZeros(rest);
          if (to != root && depth[to] < next && next < types) {
            depth[to] = next;
            maxDepth = Math.max(maxDepth, next);
            changed = true;
          }
        }
      }
    }
    int[] count = new int[types];
    ErrorEvent[] example = new ErrorEvent[types];
    List<Effect> result = new ArrayList<>(types);
    List<ErrorEvent> overflow = null;
    for (int i = 0; i < all.size(); i++) {
      int t = typeOf[i];
      ErrorEvent e = all.get(i);
      if (t < 0) {
        if (overflow == null) {
          overflow = new ArrayList<>();
        }
        overflow.add(e);
        continue;
      }
      count[t]++;
      if (example[t] == null || example[t].detail == null && e.detail != null) {
        example[t] = e;
      }
    }
    for (int t = 0; t < types; t++) {
      if (t != root) {
        boolean linked = depth[t] > 0;
        result.add(new Effect(keys[t], linked ? depth[t] : maxDepth + 1, count[t], linked, example[t]));
      }
    }
    if (overflow != null) {
      // types beyond the cap: present, but too many to link
      Map<String, Effect> extra = new LinkedHashMap<>();
      for (ErrorEvent e : overflow) {
        Effect before = extra.get(e.key);
        extra.put(e.key, new Effect(e.key, maxDepth + 1, before == null ? 1 : before.count() + 1, false,
            before == null ? e : before.first()));
      }
      result.addAll(extra.values());
    }
    return Collections.unmodifiableList(result);
  }
}
