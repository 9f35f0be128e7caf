package dev.selfheal.activities.diagnosis;

import static dev.selfheal.activities.diagnosis.CausalAnalyzer.ONSET_SLACK_MS;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.head;
import static dev.selfheal.activities.diagnosis.TroubleWords.CALLERS_FAULT;
import static dev.selfheal.activities.diagnosis.TroubleWords.CALLER_GONE;

import dev.selfheal.activities.logs.AccessLogLines;
import dev.selfheal.activities.logs.LogRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Links error types that the groups alone do not: a caller's lone timeouts that are elsewhere
 * another type's effect, errors that repeat an id another service failed on first, a proxy's 5xx
 * that began with one service's failures, and callers whose failures name a troubled callee. Each
 * link makes the effect the cause's symptom, never in a circle.
 */
final class SymptomLinking {
  /** Failures that opened a breaker began at most this long before its first refusal. */
  private static final long BREAKER_LEAD_MS = Duration.ofMinutes(10).toMillis();
  /** A call a circuit breaker refused, in the words or types of the common libraries. */
  private static final Pattern BREAKER_OPEN = Pattern.compile("(?i)CallNotPermitted|BrokenCircuit|circuit[ -]?breaker[^\\n]{0,40}\\bis open"
      + "|circuit[^\\n]{0,20}\\b(?:short-circuited|open)\\b[^\\n]{0,20}(?:not permit|reject|refus)|breaker is open|ErrOpenState|CircuitBreakerOpen");
  /** Per 5xx status: the words of a client that got it back. */
  private static final Map<String, Pattern> RECEIVED = new ConcurrentHashMap<>();
  /** Coinciding failures that, with a common onset, make a proxy's 5xx another service's. */
  private static final int ONSET_COINCIDENCES = 3;
  /** A failure that began this long before a proxy's first 5xx from an upstream that left no log can be behind them. */
  private static final long UNSEEN_UPSTREAM_LEAD_MS = Duration.ofMinutes(5).toMillis();
  private final LogObservations observed;
  private final RootNaming naming;
  private final long proximityMillis;

  SymptomLinking(LogObservations observed, RootNaming naming, long proximityMillis) {
    this.observed = observed;
    this.naming = naming;
    this.proximityMillis = proximityMillis;
  }

  /** Applies the links in turn: symptoms transferred, ids followed, proxy answers attributed, callees named. */
  void apply(List<KeyStats> rooting) {
    followOpenBreakers(rooting);
    transferSymptoms(rooting);
    followSharedIds(rooting);
    attributeProxyResponses(rooting);
    attributeToCallees(rooting);
  }

  /**
   * A circuit breaker that refuses calls (resilience4j's {@code CallNotPermittedException}, Polly's
   * {@code BrokenCircuitException}, "circuit breaker is open") protects a service from failures it
   * already had: its refusals are the symptom of the same service's failures that began before
   * them, the ones that opened it (the busiest if several did).
   */
  void followOpenBreakers(List<KeyStats> rooting) {
    for (KeyStats breaker : rooting) {
      if (breaker.background || breaker.symptomOf != null || !refusedByBreaker(breaker)) {
        continue;
      }
      KeyStats opener = null;
      for (KeyStats ks : rooting) {
        if (ks != breaker && ks.service.equals(breaker.service) && !ks.background && !refusedByBreaker(ks)
            && ks.firstRoot <= breaker.firstRoot + proximityMillis && breaker.firstRoot - ks.firstRoot <= BREAKER_LEAD_MS
            && (opener == null || ks.rooted > opener.rooted)) {
          opener = ks;
        }
      }
      if (opener != null) {
        breaker.becomeSymptomOf(opener);
        opener.firstEffective = Math.min(opener.firstEffective, breaker.firstRoot);
      }
    }
  }

  private static boolean refusedByBreaker(KeyStats ks) {
    return BREAKER_OPEN.matcher(ks.simpleType).find() || !ks.samples.isEmpty() && ks.mostlySay(BREAKER_OPEN);
  }

  /**
   * An error type that roots groups on its own but elsewhere shows up as the linked effect of
   * another (a caller's timeout whose callee did not log in that trace) is most likely that
   * one's symptom there too: its groups are credited to the other at half weight.
   */
  void transferSymptoms(List<KeyStats> rooting) {
    Map<KeyStats, KeyStats> direct = new HashMap<>();
    for (KeyStats ks : rooting) {
      if (ks.background || ks.asLinkedEffect < 2
          || ks.asLinkedEffect < 0.2 * (ks.asLinkedEffect + ks.rooted)) {
        continue;
      }
      String cause = null;
      int most = 0;
      for (Map.Entry<String, Integer> e : ks.effectOf.entrySet()) {
        if (e.getValue() > most || (e.getValue() == most && e.getKey().compareTo(cause) < 0)) {
          cause = e.getKey();
          most = e.getValue();
        }
      }
      KeyStats target = observed.statsByKey.get(cause);
      if (target != null && target != ks && target.rooted > 0 && !target.background) {
        direct.put(ks, target);
      }
    }
    for (KeyStats ks : rooting) {
      KeyStats target = direct.get(ks);
      Set<KeyStats> seen = new HashSet<>();
      seen.add(ks);
      // follow symptom-of-symptom to the end; a cycle means the evidence is mutual: keep it
      while (target != null && direct.containsKey(target)) {
        target = seen.add(target) ? direct.get(target) : null;
      }
      if (target != null && target != ks) {
        ks.symptomOf = target;
      }
    }
    for (KeyStats ks : rooting) {
      KeyStats target = ks.symptomOf;
      if (target != null) {
        target.inferredWeight += ks.directWeight;
        target.inferredGroups += ks.rooted;
        target.firstEffective = Math.min(target.firstEffective, ks.firstRoot);
      }
    }
  }

  /**
   * An error type most of whose failures repeat ids that another key's failures carried
   * minutes before is that one's consequence, whatever their volumes.
   */
  void followSharedIds(List<KeyStats> rooting) {
    Map<KeyStats, KeyStats> direct = new LinkedHashMap<>();
    ServiceMentions mentions = new ServiceMentions(observed.activity.keySet());
    for (KeyStats ks : rooting) {
      if (ks.background || ks.symptomOf != null) {
        continue;
      }
      KeyStats cause = null;
      int most = 0;
      for (Map.Entry<KeyStats, Integer> e : ks.sharesIdsWith.entrySet()) {
        if (e.getValue() > most && e.getKey().rooted > 0 && !e.getKey().background) {
          cause = e.getKey();
          most = e.getValue();
        }
      }
      // a caller that names this service as the one that failed it ("subscriptions-api returned
      // 500") logged the id first only by milliseconds: its words outweigh the order (a database
      // naming its session's user names its client, not a callee)
      if (cause != null && most >= 3 && most >= 0.3 * ks.events && (cause.sessionUser != null || !ks.service.equals(mostNamed(mentions, cause)))) {
        direct.put(ks, cause);
      }
    }
    for (Map.Entry<KeyStats, KeyStats> e : direct.entrySet()) {
      KeyStats target = e.getValue();
      Set<KeyStats> seen = new HashSet<>(List.of(e.getKey()));
      while (direct.containsKey(target) && seen.add(target)) {
        target = direct.get(target);
      }
      if (target == e.getKey() || target.symptomOf != null) {
        continue;
      }
      KeyStats effect = e.getKey();
      effect.symptomOf = target;
      target.absorb(effect);
    }
  }

  /**
   * The named service's typed failure that roots nothing because it only ever showed inside its
   * callers' traces (both logged the same millisecond, the caller's file read first): the one
   * with the most events that began by the time the caller failed, or null.
   */
  KeyStats failedInsideCalls(String service, KeyStats caller) {
    KeyStats best = null;
    for (KeyStats ks : observed.statsByKey.values()) {
      if (ks.service.equals(service) && ks.errorType != null && ks.rooted == 0 && ks.firstDetail != null
          && ks.firstDetail.ts().toEpochMilli() <= caller.firstRoot + ONSET_SLACK_MS && (best == null || ks.events > best.events)) {
        best = ks;
      }
    }
    return best;
  }

  /**
   * A 5xx in a proxy's access log says only that something behind the proxy failed at that
   * moment. When the proxy's 5xx began within moments of one other service's own failures, or
   * most of them fall within moments of that service's, they are its failures seen from the
   * edge, whatever their volume (later ones, once the service is out of rotation, leave no line
   * of its own).
   */
  void attributeProxyResponses(List<KeyStats> rooting) {
    ServiceMentions mentions = new ServiceMentions(observed.firstSeen.keySet());
    for (KeyStats ks : rooting) {
      if (ks.background || ks.symptomOf != null || !AccessLogLines.isServerError(ks.simpleType)) {
        continue;
      }
      long[] mine = ks.sortedStarts();
      KeyStats best = null;
      int most = 0;
      for (KeyStats other : rooting) {
        if (other.service.equals(ks.service) || other.background || AccessLogLines.isServerError(other.simpleType)
            || received(other, ks)) {
          continue;
        }
        long[] theirs = other.sortedStarts();
        int together = coinciding(mine, theirs);
        boolean sameOnset = coinciding(new long[] {mine[0]}, theirs) == 1;
        if (together > most && (sameOnset ? together >= ONSET_COINCIDENCES : together >= 0.5 * mine.length)) {
          best = other;
          most = together;
        }
      }
      if (best == null) {
        best = behindUnseenUpstream(ks, rooting, mentions);
      }
      if (best == null) {
        continue;
      }
      Set<KeyStats> seen = new HashSet<>(List.of(ks));
      while (best.symptomOf != null && seen.add(best)) {
        best = best.symptomOf;
      }
      if (best == ks) {
        continue;
      }
      ks.symptomOf = best;
      best.absorb(ks);
      best.firstEffective = Math.min(best.firstEffective, ks.firstRoot);
    }
    attributeProxyClients(rooting);
  }

  /**
   * Clients in front of a proxy whose failures are mostly the very 5xx it answered, at the same
   * moments, are its symptoms, and so of whatever its answers were found to stand for.
   */
  private void attributeProxyClients(List<KeyStats> rooting) {
    for (KeyStats proxy : rooting) {
      if (proxy.background || !AccessLogLines.isServerError(proxy.simpleType)) {
        continue;
      }
      KeyStats root = proxy;
      Set<KeyStats> seen = new HashSet<>();
      while (root.symptomOf != null && seen.add(root)) {
        root = root.symptomOf;
      }
      long[] answered = proxy.sortedStarts();
      for (KeyStats client : rooting) {
        if (client.symptomOf != null || client.background || client.service.equals(proxy.service)
            || AccessLogLines.isServerError(client.simpleType) || !received(client, proxy)) {
          continue;
        }
        long[] failed = client.sortedStarts();
        if (coinciding(failed, answered) * 2 >= failed.length) {
          client.becomeSymptomOf(root);
        }
      }
    }
  }

  /**
   * For a proxy's 5xx from an upstream whose own log is not in the window (it names no service
   * that logged): the failure behind it is the other service's own failure that began shortly
   * before the first 5xx, the busiest if several did; null when none did.
   */
  KeyStats behindUnseenUpstream(KeyStats proxied, List<KeyStats> rooting, ServiceMentions mentions) {
    LogRecord example = proxied.example();
    if (example == null || !mentions.inUpstream(example.component(), proxied.service).isEmpty()) {
      return null;
    }
    KeyStats behind = null;
    for (KeyStats other : rooting) {
      if (other.service.equals(proxied.service) || other.background || other.symptomOf != null
          || AccessLogLines.isServerError(other.simpleType) || received(other, proxied)
          || other.firstRoot < proxied.firstRoot - UNSEEN_UPSTREAM_LEAD_MS
          || other.firstRoot > proxied.firstRoot + ONSET_SLACK_MS) {
        continue;
      }
      if (behind == null || other.rooted > behind.rooted) {
        behind = other;
      }
    }
    return behind;
  }

  /**
   * Whether most of {@code caller}'s failures say they got the very status the proxy answered
   * ({@code unexpected status 503 Service Unavailable}): they are in front of the proxy, its
   * clients, not the service behind it.
   */
  static boolean received(KeyStats caller, KeyStats proxied) {
    String code = proxied.simpleType.substring(proxied.simpleType.length() - 3);
    // a client's words for it, not a server's record of its own answer ("GET /de/ status=500")
    return !caller.samples.isEmpty() && caller.mostlySay(RECEIVED.computeIfAbsent(code, c -> Pattern.compile(
        "(?i)(?:unexpected|got|received|returned|responded with|failed with|request failed)[^\\n]{0,24}\\b" + c + "\\b"
            + "|\\b" + c + " (?:Service Unavailable|Bad Gateway|Gateway Time-?out|Internal Server Error|Server Error)")));
  }

  /** How many of {@code mine} have one of {@code theirs} within the proximity; both sorted. */
  int coinciding(long[] mine, long[] theirs) {
    int count = 0;
    int j = 0;
    for (long t : mine) {
      while (j < theirs.length && theirs[j] < t - proximityMillis) {
        j++;
      }
      if (j < theirs.length && theirs[j] <= t + proximityMillis) {
        count++;
      }
    }
    return count;
  }

  /**
   * A caller's failures that name another service (its URL, host:port or name) which was
   * itself in trouble (warned or failed) by the time the caller first failed are that
   * service's failures seen from outside: the callee is the nearer cause. Its own error type
   * is used when it logged one; when it logged none (a plain "certificate expired" line), the
   * deepest cause the caller's exception chains report stands for it.
   */
  void attributeToCallees(List<KeyStats> rooting) {
    ServiceMentions mentions = new ServiceMentions(observed.activity.keySet());
    ServiceMentions hosts = new ServiceMentions(observed.hostUnits.keySet());
    Map<KeyStats, KeyStats> callee = new LinkedHashMap<>();
    List<KeyStats> added = new ArrayList<>();
    for (KeyStats ks : rooting) {
      if (ks.background || ks.symptomOf != null || ks.samples.isEmpty()) {
        continue;
      }
      String named = mostNamed(mentions, ks);
      if (named == null) {
        named = programOn(mostNamed(hosts, ks)); // a host it calls, in no trouble itself
      }
      ServiceActivity other = named == null ? null : observed.activity.get(named);
      if (other == null || other.first > ks.firstRoot + ONSET_SLACK_MS || onlyCallersGone(named, rooting)
          || saidCallerSpokeWrong(named, ks)) {
        continue; // not named often enough, silent, only in trouble after the caller, only because it hung up, or
                  // because the caller spoke the wrong protocol to it
      }
      // the callee's own typed failure if it logged one, else the cause its callers report
      KeyStats target = Rooting.bestOf(observed, named, rooting, own -> !own.background && own.errorType != null, null);
      if (target.errorType == null) {
        KeyStats inside = failedInsideCalls(named, ks);
        target = inside != null ? inside : observed.stats(named, naming.deepestCause(ks));
      }
      if (target.rooted == 0 && !added.contains(target)) {
        target.firstRoot = other.first;
        target.firstDetail = target.firstDetail != null ? target.firstDetail : other.firstRecord;
        added.add(target);
      }
      callee.put(ks, target);
    }
    rooting.addAll(added);
    // a stand-in made for a callee that logged no failure of its own speaks for that service,
    // whose own failures may in turn name their callee
    Map<String, KeyStats> calleeOfService = new HashMap<>();
    for (Map.Entry<KeyStats, KeyStats> e : callee.entrySet()) {
      calleeOfService.putIfAbsent(e.getKey().service, e.getValue());
    }
    for (Map.Entry<KeyStats, KeyStats> e : callee.entrySet()) {
      KeyStats target = e.getValue();
      Set<KeyStats> seen = new HashSet<>(List.of(e.getKey()));
      // a callee that is in turn a caller of a troubled service passes the blame on
      while (seen.add(target)) {
        KeyStats next = callee.containsKey(target) ? callee.get(target)
            : target.rooted == 0 ? calleeOfService.get(target.service) : null;
        if (next == null) {
          break;
        }
        target = next;
      }
      KeyStats caller = e.getKey();
      if (target == caller || target.isSymptomOf(caller)) {
        continue; // an earlier rule made the callee this caller's symptom: no cycle of blame
      }
      caller.symptomOf = target;
      target.absorb(caller);
      target.firstEffective = Math.min(target.firstEffective, Math.min(target.firstRoot, caller.firstRoot));
    }
  }

  /** Whether {@code server} began saying a client spoke the wrong protocol when {@code caller} began failing. */
  boolean saidCallerSpokeWrong(String server, KeyStats caller) {
    Long since = observed.clientSpokeWrong.get(server);
    return since != null && Math.abs(since - caller.firstRoot) <= ONSET_SLACK_MS;
  }

  /** The other service most of {@code ks}'s sampled records name, if at least half do. */
  String mostNamed(ServiceMentions mentions, KeyStats ks) {
    Map<String, Integer> counts = new HashMap<>();
    // a request refused as the caller's fault (409, duplicate) may blame the caller; any other
    // failure of a request it served is this service's own, not the caller's
    boolean callersFault = callersFault(ks);
    for (LogRecord r : ks.samples) {
      String text = r.message() + "\n" + (r.raw() == null ? "" : r.raw());
      Set<String> named = new LinkedHashSet<>(callersFault ? mentions.in(text, ks.service) : mentions.callees(text, ks.service));
      named.addAll(mentions.inUpstream(r.component(), ks.service));
      named.addAll(mentions.inTypeName(r.errorType(), ks.service));
      for (String service : named) {
        counts.merge(service, 1, Integer::sum);
      }
    }
    String best = null;
    int most = 0;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (e.getValue() > most || (e.getValue() == most && e.getKey().compareTo(best) < 0)) {
        best = e.getKey();
        most = e.getValue();
      }
    }
    return most * 2 >= ks.samples.size() ? best : null;
  }

  /**
   * Whether all the trouble a service logged says its caller went away (a broken pipe writing
   * the answer, a reset by the peer): it answered too late for a caller that gave up, which
   * makes it the caller's victim, not its cause.
   */
  boolean onlyCallersGone(String service, List<KeyStats> rooting) {
    int seen = 0;
    for (KeyStats ks : rooting) {
      if (ks.service.equals(service) && !ks.background) {
        for (LogRecord r : ks.samples) {
          if (!CALLER_GONE.matcher(r.message()).find()) {
            return false;
          }
          seen++;
        }
      }
    }
    for (LogRecord r : observed.activity.get(service).warnings) {
      if (!CALLER_GONE.matcher(r.message()).find()) {
        return false;
      }
      seen++;
    }
    return seen > 0;
  }

  /**
   * A host named as a callee ({@code ws-01.internal:8090}) that is in no trouble of its own
   * stands for the service it runs (a systemd unit its journal names), when that one is; else null.
   */
  String programOn(String host) {
    if (host == null) {
      return null;
    }
    for (String unit : new TreeSet<>(observed.hostUnits.getOrDefault(host, Set.of()))) {
      if (observed.activity.containsKey(unit)) {
        return unit;
      }
    }
    return null;
  }

  /** Whether most of the key's kept records refuse a request as the caller's fault. */
  boolean callersFault(KeyStats ks) {
    int faults = 0;
    for (LogRecord r : ks.samples) {
      if (CALLERS_FAULT.matcher(r.message() + "\n" + (r.raw() == null ? "" : head(r.raw()))).find()) {
        faults++;
      }
    }
    return faults * 2 > ks.samples.size();
  }
}
