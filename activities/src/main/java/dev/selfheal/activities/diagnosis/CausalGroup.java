package dev.selfheal.activities.diagnosis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * </ol>
 *
 * The root is an error type nothing present links to; among several, the one others name in
 * {@code caused_by}, then the one with span effects, then the earliest.
 */
final class CausalGroup {
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

  int size() {
    return events == null ? 0 : events.size();
  }

  long lastMillis() {
    return events.get(events.size() - 1).tsMillis;
  }

  long firstMillis() {
    return events.get(0).tsMillis;
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
    events.sort(ErrorEvent::chronological);
    startMillis = events.get(0).tsMillis;
    Map<String, List<ErrorEvent>> byKey = new LinkedHashMap<>(); // chronological by first event
    for (ErrorEvent e : events) {
      byKey.computeIfAbsent(e.key, k -> new ArrayList<>(2)).add(e);
      if (e.service.equals(alertService)) {
        touchesAlertService = true;
      }
    }
    if (byKey.size() == 1) {
      // one error type, maybe retried: it is its own root
      rootKey = events.get(0).key;
      rootEvent = events.get(0);
      events = null;
      return;
    }

    Map<String, Set<String>> out = new HashMap<>();
    Set<String> hasIncoming = new HashSet<>();
    Set<String> causedByCauses = new HashSet<>();
    Set<String> spanCauses = new HashSet<>();

    // caused_by links, within a service
    Map<String, List<String>> keysByServiceType = new HashMap<>();
    for (List<ErrorEvent> same : byKey.values()) {
      ErrorEvent e = same.get(0);
      if (!e.simpleType.isEmpty()) {
        keysByServiceType.computeIfAbsent(e.service + '|' + e.simpleType, k -> new ArrayList<>(1)).add(e.key);
      }
    }
    Set<String> causedByPairs = new HashSet<>();
    for (ErrorEvent e : events) {
      for (String type : e.causeTypes) {
        List<String> causes = keysByServiceType.get(e.service + '|' + type);
        if (causes == null) {
          continue;
        }
        for (String cause : causes) {
          if (!cause.equals(e.key) && causedByPairs.add(cause + '\n' + e.key)) {
            link(out, hasIncoming, cause, e.key);
            causedByCauses.add(cause);
          }
        }
      }
    }

    // span links: the child span's error causes the parent span's error
    Set<String> spanPairs = new HashSet<>();
    Map<String, Set<String>> keysBySpan = new HashMap<>();
    for (ErrorEvent e : events) {
      if (e.spanId != null) {
        keysBySpan.computeIfAbsent(e.spanId, k -> new HashSet<>(2)).add(e.key);
      }
    }
    for (ErrorEvent child : events) {
      if (child.parentSpanId == null || child.parentSpanId.equals(child.spanId)) {
        continue;
      }
      Set<String> parents = keysBySpan.get(child.parentSpanId);
      if (parents == null) {
        continue;
      }
      for (String parent : parents) {
        if (parent.equals(child.key)) {
          continue;
        }
        if (!spanPairs.add(child.key + '\n' + parent)) {
          continue;
        }
        if (causedByPairs.contains(parent + '\n' + child.key)) {
          continue; // caused_by says the parent's error came first
        }
        link(out, hasIncoming, child.key, parent);
        spanCauses.add(child.key);
      }
    }

    rootKey = chooseRoot(byKey, hasIncoming, causedByCauses, spanCauses);
    rootEvent = byKey.get(rootKey).get(0);
    effects = effects(byKey, out);
    events = null;
  }

  private static void link(Map<String, Set<String>> out, Set<String> hasIncoming, String cause, String effect) {
    out.computeIfAbsent(cause, k -> new HashSet<>(2)).add(effect);
    hasIncoming.add(effect);
  }

  private static String chooseRoot(Map<String, List<ErrorEvent>> byKey, Set<String> hasIncoming,
      Set<String> causedByCauses, Set<String> spanCauses) {
    List<String> uncaused = new ArrayList<>();
    for (String key : byKey.keySet()) {
      if (!hasIncoming.contains(key)) {
        uncaused.add(key);
      }
    }
    if (uncaused.isEmpty()) {
      uncaused.addAll(byKey.keySet()); // a cycle of links: fall back to time alone
    }
    String best = null;
    int bestRank = -1;
    for (String key : uncaused) { // chronological, so the first of equal rank is the earliest
      int rank = (causedByCauses.contains(key) ? 2 : 0) + (spanCauses.contains(key) ? 1 : 0);
      if (rank > bestRank) {
        best = key;
        bestRank = rank;
      }
    }
    return best;
  }

  private List<Effect> effects(Map<String, List<ErrorEvent>> byKey, Map<String, Set<String>> out) {
    Map<String, Integer> depth = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>();
    depth.put(rootKey, 0);
    queue.add(rootKey);
    int maxDepth = 0;
    while (!queue.isEmpty()) {
      String key = queue.poll();
      int d = depth.get(key);
      for (String next : out.getOrDefault(key, Set.of())) {
        if (!depth.containsKey(next)) {
          depth.put(next, d + 1);
          maxDepth = Math.max(maxDepth, d + 1);
          queue.add(next);
        }
      }
    }
    List<Effect> result = new ArrayList<>(byKey.size() - 1);
    for (Map.Entry<String, List<ErrorEvent>> entry : byKey.entrySet()) {
      String key = entry.getKey();
      if (key.equals(rootKey)) {
        continue;
      }
      Integer d = depth.get(key);
      List<ErrorEvent> same = entry.getValue();
      ErrorEvent first = firstWithDetail(same);
      result.add(d != null
          ? new Effect(key, d, same.size(), true, first)
          : new Effect(key, maxDepth + 1, same.size(), false, first));
    }
    return Collections.unmodifiableList(result);
  }

  private static ErrorEvent firstWithDetail(List<ErrorEvent> same) {
    for (ErrorEvent e : same) {
      if (e.detail != null) {
        return e;
      }
    }
    return same.get(0);
  }
}
