package dev.selfheal.activities.diagnosis;

import static dev.selfheal.activities.diagnosis.TroubleWords.CALLERS_FAULT;
import static dev.selfheal.activities.diagnosis.TroubleWords.CALLER_GONE;
import static dev.selfheal.activities.diagnosis.TroubleWords.REFUSED_AS_TOO_MANY;
import static dev.selfheal.activities.diagnosis.TroubleWords.STALE;
import static dev.selfheal.activities.diagnosis.TroubleWords.STALE_AGE;

import dev.selfheal.activities.logs.AccessLogLines;
import dev.selfheal.activities.logs.LogRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Names the error type earliest in the causal chain of a set of log records, rather than the
 * loudest one: retries and callers multiply symptoms, so the most frequent error is usually an
 * effect.
 *
 * <p>The method: ERROR/FATAL records are grouped into units of work (by {@code trace_id};
 * records without one by service and a few seconds of proximity). Inside a group {@link
 * CausalGroup} links error types by {@code caused_by} and by span parentage and picks the root.
 * Each (service, error type) that roots groups is a candidate, scored by the groups it roots
 * (double when it demonstrably caused other errors there, half when its own {@code caused_by}
 * points at something not in the logs), plus half the groups of error types that are elsewhere
 * seen as its effects (a caller's lone timeout whose callee did not log), raised for starting
 * first and for reaching the alerting service. Candidates that were already failing before the
 * incident's onset at an unchanged rate and never caused anything are background noise and all
 * but drop out. An onset is the start of an error burst: the most likely change point in the
 * rate at which failing groups start, judged for each candidate without its own groups.
 *
 * <p>Pure and single-threaded: no Temporal, no I/O. Memory holds one compact event per
 * ERROR/FATAL record plus a few full records per error type.
 */
public final class CausalAnalyzer {
  public static final Duration DEFAULT_PROXIMITY = Duration.ofSeconds(2);
  /** Full records kept per error type, for evidence and the root cause's details. */
  static final int DETAILS_PER_KEY = 16;
  static final int MAX_EVIDENCE = 8;
  static final int EVIDENCE_CHARS = 300;
  /** A group starting this long before the onset still counts as part of the incident. */
  static final long ONSET_SLACK_MS = 60_000;
  private static final double BACKGROUND_WEIGHT = 0.05;
  /** How much being the first to fail counts: full bonus at once, half after ~80 s. */
  private static final double EARLINESS_TAU_MS = 120_000;
  private static final long DEPLOY_LEAD_MS = Duration.ofMinutes(30).toMillis();
  static final String[] NO_TYPES = new String[0];
  /** An id a later error repeats is a thread between them when the first saw it within this (a user may fetch a failed report hours later). */
  private static final long SHARED_ID_WINDOW_MS = Duration.ofHours(24).toMillis();
  private static final int IDS_PER_RECORD = 4;
  /** Kubernetes' words for a container that keeps dying: effects, whose cause is why it died. */
  /** Coinciding failures that, with a common onset, make a proxy's 5xx another service's. */
  private static final int ONSET_COINCIDENCES = 3;

  private static final Pattern SESSION = Pattern.compile("([A-Za-z_][\\w-]{0,62})@[\\w.-]{1,63}");
  /** A workload whose first trouble came within this after its host's was hit by it. */
  static final long HOST_EFFECT_MS = Duration.ofMinutes(5).toMillis();
  /** Host trouble this long before the incident's onset can still be its cause. */
  static final long HOST_LEAD_MS = Duration.ofMinutes(10).toMillis();
  private static final Pattern WORD_BREAK = Pattern.compile("[\\s:=,;()\\[\\]{}\"']+");
  private static final int ERROR_HEAD_CHARS = 1024;
  /** A newcomer that began within this before the connections ran out had time to take them. */
  static final long HOG_LEAD_MS = Duration.ofMinutes(30).toMillis();
  /** A service that logged within this of the window's start was there all along, not new. */
  static final long NEWCOMER_AFTER_MS = Duration.ofMinutes(5).toMillis();
  /** A writer that began at least this long before the disk filled had time to fill it. */
  private static final long WRITER_LEAD_MS = Duration.ofMinutes(5).toMillis();
  private static final long STALE_LEAD_MS = Duration.ofMinutes(30).toMillis();

  /** Words of service names that say what kind of program it is, not what it works on. */
  private static final Set<String> GENERIC_NAME_WORDS = Set.of(
      "service", "server", "worker", "import", "importer", "export", "exporter", "batch", "runner", "consumer",
      "producer", "gateway", "proxy", "backend", "frontend", "daemon", "agent", "scheduler", "manager", "handler",
      "processor", "writer", "reader", "loader", "internal", "external", "cronjob", "controller", "operator");
  private static final long PRECURSOR_LEAD_MS = Duration.ofHours(6).toMillis();


  private final long proximityMillis;

  public CausalAnalyzer() {
    this(DEFAULT_PROXIMITY);
  }

  /** @param proximity how close in time untraced errors of one service must be to share a group */
  public CausalAnalyzer(Duration proximity) {
    this.proximityMillis = proximity.toMillis();
  }

  public Analysis analyze(Iterable<LogRecord> records, String alertService) {
    return analyze(records.iterator(), alertService, null);
  }

  public Analysis analyze(Stream<LogRecord> records, String alertService) {
    return analyze(records.iterator(), alertService, null);
  }

  /**
   * @param alertService the service that alerted; groups reaching it weigh a little more
   * @param alertStartsAt when the alert fired, or null; the onset is sought no later than
   *     shortly after it, since errors precede their alert
   */
  public Analysis analyze(Iterator<? extends LogRecord> records, String alertService, Instant alertStartsAt) {
    LogObservations observed = new LogObservations();
    while (records.hasNext()) {
      observed.accept(records.next());
    }
    return new Run(alertService == null ? "" : alertService, observed).finish(alertStartsAt);
  }

  /** Trims a raw record for evidence; whole records can be tens of kilobytes. */
  static String trim(String raw) {
    if (raw == null) {
      return "";
    }
    return raw.length() <= EVIDENCE_CHARS ? raw : raw.substring(0, EVIDENCE_CHARS - 1) + "…";
  }

  /**
   * The type names a {@code caused_by} value mentions, without package: it may be a bare type,
   * {@code Type: message}, or a message naming several ({@code A: x; java.sql.B: y}). Scanned by
   * hand because it runs for every record that has one.
   */
  static String[] causeTypes(String causedBy) {
    if (causedBy == null || causedBy.isEmpty()) {
      return NO_TYPES;
    }
    Set<String> types = null;
    int n = causedBy.length();
    int i = 0;
    boolean segmentStart = true; // the first token of the text or of a "; "-separated part
    while (i < n) {
      while (i < n && !tokenChar(causedBy.charAt(i))) {
        segmentStart |= causedBy.charAt(i) == ';';
        i++;
      }
      int start = i;
      while (i < n && tokenChar(causedBy.charAt(i))) {
        i++;
      }
      int end = i;
      while (end > start && causedBy.charAt(end - 1) == '.') {
        end--;
      }
      if (end - start < 3) {
        continue;
      }
      String token = causedBy.substring(start, end);
      int dot = token.lastIndexOf('.');
      String simple = dot < 0 ? token : token.substring(dot + 1);
      // Type: message, or a bare type; not a class a message names last (ClassNotFoundException: a.B)
      boolean typePosition = end < n ? causedBy.charAt(end) == ':' : segmentStart;
      segmentStart = false;
      if (!looksLikeType(simple, dot < 0 ? null : token.substring(0, dot), typePosition)) {
        continue;
      }
      if (types == null) {
        types = new LinkedHashSet<>(4);
      }
      types.add(simple);
      int dollar = simple.indexOf('$');
      if (dollar > 0) {
        types.add(simple.substring(0, dollar)); // Outer$Inner is also reported as Outer
      }
      if (types.size() >= 8) {
        break;
      }
    }
    return types == null ? NO_TYPES : types.toArray(NO_TYPES);
  }

  /**
   * Id-like tokens of a message: runs of letters, digits, {@code -} and {@code _} with at least
   * four digits that are not a date or time ({@code 88132}, {@code ORD-4441558}); at most a few.
   */
  static List<String> ids(String message) {
    List<String> ids = new ArrayList<>(2);
    if (message == null) {
      return ids;
    }
    int n = message.length();
    int i = 0;
    while (i < n && ids.size() < IDS_PER_RECORD) {
      while (i < n && !idChar(message.charAt(i))) {
        i++;
      }
      int start = i;
      int digits = 0;
      boolean dateLike = false;
      while (i < n && idChar(message.charAt(i))) {
        char c = message.charAt(i);
        if (Character.isDigit(c)) {
          digits++;
        }
        i++;
      }
      if (i < n && (message.charAt(i) == ':' || message.charAt(i) == '.') && i + 1 < n && Character.isDigit(message.charAt(i + 1))) {
        dateLike = true; // 12:30, 1.5, 10.0.0.1: times, numbers and addresses, not ids
      }
      int length = i - start;
      if (digits >= 4 && length <= 40 && !dateLike && !looksLikeDate(message, start, i)) {
        ids.add(message.substring(start, i));
      }
    }
    return ids;
  }

  private static boolean idChar(char c) {
    return Character.isLetterOrDigit(c) || c == '-' || c == '_';
  }

  /** {@code 2024-03-03T21} and {@code 2024-03-03}: dates carry four digits too. */
  private static boolean looksLikeDate(String s, int start, int end) {
    return end - start >= 10 && Character.isDigit(s.charAt(start)) && s.charAt(start + 4) == '-' && s.charAt(start + 7) == '-';
  }


  /**
   * What an untyped error is about, for counting it apart from its service's other untyped
   * errors: the session user when a database names one, else {@code ~} and the first three words
   * of its message (words with digits, ids and quoted values dropped).
   */
  static String untypedKind(String session, String message) {
    if (session != null || message == null) {
      return session;
    }
    StringBuilder kind = new StringBuilder("~");
    int words = 0;
    for (String word : WORD_BREAK.split(message)) {
      if (word.isEmpty() || !Character.isLetter(word.charAt(0)) || word.chars().anyMatch(Character::isDigit)) {
        continue;
      }
      kind.append(words == 0 ? "" : " ").append(word.toLowerCase(Locale.ROOT));
      if (++words == 3) {
        break;
      }
    }
    return kind.toString();
  }

  /** The user of a database session line's {@code user@database} (postgres's {@code %u@%d}), or null. */
  static String sessionUser(String component) {
    if (component == null) {
      return null;
    }
    Matcher m = SESSION.matcher(component);
    return m.matches() ? m.group(1) : null;
  }

  /** {@code ip-10-12-3-41.eu-central-1.compute.internal} → {@code ip-10-12-3-41}: a journal names the short one. */
  static String shortHost(String name) {
    int dot = name.indexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }




  /** The head of an error's text, where its exception says what happened; stack frames follow. */
  static String head(String raw) {
    return raw.length() <= ERROR_HEAD_CHARS ? raw : raw.substring(0, ERROR_HEAD_CHARS);
  }



  private static boolean tokenChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.';
  }

  /**
   * Whether a name in a cause chain is an exception type: a bare name must say so ({@code
   * TimeoutError}); a qualified one must say so, live in an exceptions package, or stand where a
   * type does ({@code pkg.Type: message}). A class a message merely mentions ({@code final
   * java.util.Collection field}) is not one.
   */
  private static boolean looksLikeType(String simple, String pkg, boolean typePosition) {
    if (simple.isEmpty() || !Character.isUpperCase(simple.charAt(0))) {
      return false;
    }
    int dollar = simple.indexOf('$');
    String outer = dollar > 0 ? simple.substring(0, dollar) : simple;
    boolean named = (outer.endsWith("Exception") || outer.endsWith("Error")) && !outer.equals("Exception") && !outer.equals("Error");
    if (pkg == null) {
      return named;
    }
    String lower = pkg.toLowerCase(Locale.ROOT);
    return named || typePosition || lower.contains("exception") || lower.contains("error");
  }

  /**
   * The most likely start of the incident: the split of the sorted group start times that best
   * explains them as a low rate followed by a higher one (two Poisson rates against one). With
   * no convincing split, the first group.
   */
  static long onset(long[] starts, Instant alertStartsAt) {
    int n = starts.length;
    if (n < 4) {
      return starts[0];
    }
    long limit = alertStartsAt == null ? Long.MAX_VALUE
        : alertStartsAt.toEpochMilli() + Duration.ofMinutes(5).toMillis();
    double total = (starts[n - 1] - starts[0]) / 1000.0 + 1;
    double flat = n * Math.log(n / total);
    double bestGain = 5; // nats a split must gain to beat "one steady rate"
    int best = 0;
    for (int i = 1; i < n; i++) {
      if (starts[i] > limit) {
        break;
      }
      double before = i / ((starts[i] - starts[0]) / 1000.0 + 1);
      double after = (n - i) / ((starts[n - 1] - starts[i]) / 1000.0 + 1);
      if (after <= before) {
        continue; // an incident raises the rate
      }
      double gain = i * Math.log(before) + (n - i) * Math.log(after) - flat;
      if (gain > bestGain) {
        bestGain = gain;
        best = i;
      }
    }
    return starts[best];
  }

  /** The most frequent (service, simple error type): what a diagnosis must beat. */
  private record Baseline(String service, String errorType, long count) {}






  /** One analysis: ingestion state, then the scoring. */
  private final class Run {
    private final String alertService;
    private final LogObservations observed;
    private final RootNaming naming;
    private final HostTroubleRule hostTrouble;

    Run(String alertService, LogObservations observed) {
      this.alertService = alertService;
      this.observed = observed;
      this.naming = new RootNaming(observed);
      this.hostTrouble = new HostTroubleRule(observed, naming);
    }

    Analysis finish(Instant alertStartsAt) {
      List<CausalGroup> groups = groups();
      for (IdSightings seen : observed.idSightings.values()) {
        seen.credit(SHARED_ID_WINDOW_MS);
      }
      Baseline baseline = mostFrequent();
      if (groups.isEmpty()) {
        return new Analysis(List.of(), 0, List.of(), List.of(), observed.records, observed.errors, 0, null, null, null, null, 0);
      }
      for (CausalGroup g : groups) {
        g.resolve(alertService);
        credit(g);
      }
      long[] starts = new long[groups.size()];
      for (int i = 0; i < starts.length; i++) {
        starts[i] = groups.get(i).startMillis();
      }
      Arrays.sort(starts);
      List<KeyStats> rooting = new ArrayList<>();
      for (KeyStats ks : observed.statsByKey.values()) {
        if (ks.rooted > 0) {
          rooting.add(ks);
        }
      }
      rooting.sort(Comparator.comparingLong((KeyStats k) -> k.firstRoot).thenComparing(k -> k.key));
      markBackground(rooting, starts, alertStartsAt);
      long onset = onset(foreground(groups), alertStartsAt);
      transferSymptoms(rooting);
      followSharedIds(rooting);
      attributeProxyResponses(rooting);
      attributeToCallees(rooting);
      score(rooting);
      if (findPrecursor(rooting) | findFailedJob(rooting) | findDiskFiller(rooting) | findConnectionHog(rooting) | findLoadHog(rooting) | findBulkWriter(rooting)
          | findStaleSource(rooting) | findThrottler(rooting) | findSharedChange(rooting)
          | hostTrouble.apply(rooting, onset)) {
        score(rooting);
      }
      rooting.sort(Comparator.comparingDouble((KeyStats k) -> -k.score)
          .thenComparingInt(k -> -k.rooted)
          .thenComparingLong(k -> k.firstRoot)
          .thenComparing(k -> k.key));

      KeyStats top = rooting.get(0);
      List<StepStats> steps = steps(top, groups);
      List<String> chain = new ArrayList<>();
      List<String> evidence = new ArrayList<>();
      chain.add(rootStep(top));
      evidence.add(trim(top.example().raw()));
      // effects at the same depth are parallel symptoms, not a chain: one step, joined by " + "
      int depth = -1;
      for (StepStats step : steps) {
        if (step.depth == depth) {
          chain.set(chain.size() - 1, chain.get(chain.size() - 1) + " + " + step(top, step));
        } else {
          chain.add(step(top, step));
          depth = step.depth;
        }
        if (evidence.size() < MAX_EVIDENCE) {
          evidence.add(trim(step.example.raw()));
        }
      }
      List<Candidate> candidates = new ArrayList<>(rooting.size());
      for (KeyStats ks : rooting) {
        candidates.add(candidate(ks));
      }
      return new Analysis(
          List.copyOf(candidates),
          confidence(top, rooting),
          List.copyOf(chain),
          List.copyOf(evidence),
          observed.records,
          observed.errors,
          groups.size(),
          Instant.ofEpochMilli(onset),
          deployChange(top),
          baseline == null ? null : baseline.service(),
          baseline == null ? null : baseline.errorType(),
          baseline == null ? 0 : baseline.count());
    }

    /** Traced groups as they are; untraced events cut into groups per service by time. */
    private List<CausalGroup> groups() {
      List<CausalGroup> groups = new ArrayList<>(observed.traced.values());
      observed.traced = null;
      for (List<ErrorEvent> events : observed.untraced.values()) {
        events.sort(ErrorEvent::chronological);
        CausalGroup current = null;
        long anchor = 0;
        for (ErrorEvent e : events) {
          // anchored at the group's first event, so a steady storm does not fuse into one group
          if (current == null || e.tsMillis - anchor > proximityMillis) {
            current = new CausalGroup();
            groups.add(current);
            anchor = e.tsMillis;
          }
          current.add(e);
        }
      }
      observed.untraced = null;
      return groups;
    }

    private void credit(CausalGroup g) {
      KeyStats root = observed.statsByKey.get(g.rootKey());
      ErrorEvent event = g.rootEvent();
      boolean linked = g.hasLinkedEffects();
      root.rooted++;
      root.addStart(g.startMillis());
      if (event.hasCausedBy) {
        root.unresolved++;
      }
      if (linked) {
        root.linked++;
      }
      if (g.touchesAlertService()) {
        root.touchingAlert++;
      }
      // a root whose own caused_by names something absent is only the visible end of a chain
      root.directWeight += (linked ? 2.0 : 1.0) * (event.hasCausedBy ? 0.5 : 1.0);
      root.firstRoot = Math.min(root.firstRoot, g.startMillis());
      if (event.detail != null
          && (root.earliestRootWithDetail == null
              || ErrorEvent.chronological(event, root.earliestRootWithDetail) < 0)) {
        root.earliestRootWithDetail = event;
      }
      for (CausalGroup.Effect effect : g.effects()) {
        if (effect.linked()) {
          KeyStats ks = observed.statsByKey.get(effect.key());
          ks.asLinkedEffect++;
          ks.effectOf.merge(g.rootKey(), 1, Integer::sum);
        }
      }
    }

    /**
     * Already failing well before the incident's onset, no faster since, and never the cause of
     * anything seen: background that was there before the incident and will be there after it.
     * The onset is judged without the candidate's own groups, so loud background cannot hide
     * the change it is measured against.
     */
    private void markBackground(List<KeyStats> rooting, long[] allStarts, Instant alertStartsAt) {
      // "there all along" means from the early part of what the logs cover
      long earlyUntil = observed.minTs + Math.max(Duration.ofMinutes(10).toMillis(), (observed.maxTs - observed.minTs) / 4);
      for (KeyStats ks : rooting) {
        ks.after = ks.rooted;
        if (ks.rooted < 2 || ks.linked > 0.1 * ks.rooted || ks.firstRoot > earlyUntil) {
          continue; // too rare to call recurring, it does cause things, or it began mid-window
        }
        long[] mine = ks.sortedStarts();
        long[] rest = without(allStarts, mine);
        if (rest.length == 0) {
          continue; // nothing else failed: it is the incident, whatever its history
        }
        long cut = onset(rest, alertStartsAt) - ONSET_SLACK_MS;
        int before = 0;
        while (before < mine.length && mine[before] < cut) {
          before++;
        }
        ks.before = before;
        ks.after = mine.length - before;
        double beforeSpan = Math.max(cut - observed.minTs, 60_000);
        double afterSpan = Math.max(observed.maxTs - cut, 60_000);
        boolean steady = ks.after / afterSpan < 3 * (ks.before / beforeSpan);
        ks.background = before >= 2 && steady;
      }
    }

    /** {@code all} minus one occurrence of each of {@code some}; both sorted. */
    private long[] without(long[] all, long[] some) {
      long[] rest = new long[all.length - some.length];
      int r = 0;
      int j = 0;
      for (long t : all) {
        if (j < some.length && some[j] == t) {
          j++;
        } else if (r < rest.length) {
          rest[r++] = t;
        }
      }
      return r == rest.length ? rest : Arrays.copyOf(rest, r);
    }

    /** Start times of the groups not rooted by background, sorted; all groups if that is none. */
    private long[] foreground(List<CausalGroup> groups) {
      long[] starts = new long[groups.size()];
      int n = 0;
      for (CausalGroup g : groups) {
        if (!observed.statsByKey.get(g.rootKey()).background) {
          starts[n++] = g.startMillis();
        }
      }
      if (n == 0) {
        for (CausalGroup g : groups) {
          starts[n++] = g.startMillis();
        }
      }
      long[] sorted = Arrays.copyOf(starts, n);
      Arrays.sort(sorted);
      return sorted;
    }

    /**
     * An error type that roots groups on its own but elsewhere shows up as the linked effect of
     * another (a caller's timeout whose callee did not log in that trace) is most likely that
     * one's symptom there too: its groups are credited to the other at half weight.
     */
    private void transferSymptoms(List<KeyStats> rooting) {
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
    private void followSharedIds(List<KeyStats> rooting) {
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
     * A quiet root: a service that logged no error of its own, only a warning before the failures
     * began, about the very thing the failures trip over (the same field, path or identifier):
     * a batch job storing NULL prices the invoices then choke on, a backup writing onto the
     * volume the database then finds full. When one warning shares such a term with most of the
     * leading candidate's records, that service is the root and the candidate its symptom. So is
     * a job that began shortly before, whose own records (of any level) name such a term: a
     * translations sync that published the broken string the pages then fail to format.
     *
     * @return whether the ranking changed
     */
    private boolean findPrecursor(List<KeyStats> rooting) {
      KeyStats top = Rooting.leading(rooting);
      if (top == null || top.samples.isEmpty()) {
        return false;
      }
      Map<String, Integer> symptomTerms = new HashMap<>();
      for (LogRecord r : top.samples) {
        for (String term : Terms.of(r.message() + "\n" + (r.raw() == null ? "" : r.raw()))) {
          symptomTerms.merge(term, 1, Integer::sum);
        }
      }
      Precursor best = null;
      for (Map.Entry<String, ServiceActivity> e : observed.activity.entrySet()) {
        ServiceActivity candidate = e.getValue();
        if (e.getKey().equals(top.service) || candidate.errors > 2) {
          continue;
        }
        for (int i = 0; i < candidate.warnings.size(); i++) {
          long at = candidate.warningTimes.get(i);
          if (at <= top.firstRoot && top.firstRoot - at <= PRECURSOR_LEAD_MS) {
            best = earlier(best, sharedTerm(e.getKey(), candidate.warnings.get(i), at, top, symptomTerms, false));
          }
        }
      }
      // a job that began just before, and whose own words name what the failures trip over
      for (Map.Entry<String, Long> e : observed.firstSeen.entrySet()) {
        long started = e.getValue();
        ServiceActivity quiet = observed.activity.get(e.getKey());
        if (e.getKey().equals(top.service) || started <= observed.minTs + NEWCOMER_AFTER_MS || started > top.firstRoot
            || top.firstRoot - started > HOG_LEAD_MS || quiet != null && quiet.errors > 2) {
          continue;
        }
        for (LogRecord r : observed.recordsBy.get(e.getKey()).early) {
          long at = r.ts().toEpochMilli();
          if (at <= top.firstRoot) {
            best = earlier(best, sharedTerm(e.getKey(), r, at, top, symptomTerms, true));
          }
        }
      }
      if (best == null) {
        return false;
      }
      KeyStats root = observed.stats(best.service(), null);
      if (!rooting.contains(root)) {
        rooting.add(root);
      }
      root.firstRoot = Math.min(root.firstRoot, best.at());
      root.firstDetail = best.record();
      root.absorb(top);
      root.rootReason = (best.newcomer() ? best.service() + ", begun just before the failures," : "warning in " + best.service())
          + Rooting.componentOf(best.record()) + " about '" + best.term() + "': " + trim(best.record().message());
      top.symptomOf = root;
      return true;
    }

    /**
     * A job that ran and fell silent before the failures began, and whose name the failures' own
     * words carry: a settlement import that rolled back, then payouts that find no settlement; a
     * stock import that warned of a truncated feed and finished, then orders that find no stock.
     * The failures are what it did not deliver, however loud they are. A job that failed is
     * preferred to one that only warned.
     *
     * @return whether the ranking changed
     */
    private boolean findFailedJob(List<KeyStats> rooting) {
      KeyStats top = Rooting.leading(rooting);
      KeyStats face = top == null ? null : top.samples.isEmpty() ? Rooting.loudestSymptom(top, rooting) : top;
      if (face == null) {
        return false;
      }
      long failuresAt = Rooting.firstFailure(top, rooting);
      KeyStats job = null;
      String named = null;
      for (KeyStats ks : rooting) {
        if (ks.service.equals(face.service) || ks.service.equals(top.service) || ks.symptomOf != null
            || observed.recordsBy.get(ks.service).last >= failuresAt || failuresAt - ks.firstRoot > PRECURSOR_LEAD_MS) {
          continue;
        }
        String word = nameWordCarried(ks.service, face);
        if (word != null && (job == null || ks.rooted > job.rooted)) {
          job = ks;
          named = word;
        }
      }
      LogRecord said = job == null ? null : job.example();
      if (job == null) {
        // a run that only warned: it began mid-window, so it is a job, not a resident
        for (Map.Entry<String, ServiceActivity> e : new TreeMap<>(observed.activity).entrySet()) {
          String service = e.getKey();
          ServiceActivity quiet = e.getValue();
          long began = observed.firstSeen.get(service);
          if (quiet.errors > 0 || quiet.warnings.isEmpty() || service.equals(face.service) || service.equals(top.service)
              || observed.recordsBy.get(service).last >= failuresAt || began <= observed.minTs + NEWCOMER_AFTER_MS
              || failuresAt - began > PRECURSOR_LEAD_MS) {
            continue;
          }
          String word = nameWordCarried(service, face);
          if (word != null) {
            job = observed.stats(service, null);
            named = word;
            said = quiet.warnings.get(0);
            job.firstRoot = Math.min(job.firstRoot, quiet.warningTimes.get(0));
            job.firstDetail = said;
            if (!rooting.contains(job)) {
              rooting.add(job);
            }
            break;
          }
        }
      }
      if (job == null) {
        return false;
      }
      job.background = false;
      job.absorb(top);
      top.symptomOf = job;
      job.rootReason = job.service + (job.rooted > 0 ? " failed" : " warned") + Rooting.componentOf(said)
          + " and fell silent before the failures, which name its '" + named + "': " + trim(said.message());
      return true;
    }


    /** A distinctive word of {@code service}'s name that most of {@code top}'s records say, or null. */
    private static String nameWordCarried(String service, KeyStats top) {
      for (String word : service.toLowerCase(Locale.ROOT).split("[-_.]")) {
        if (word.length() < 5 || GENERIC_NAME_WORDS.contains(word) || top.service.toLowerCase(Locale.ROOT).contains(word)) {
          continue;
        }
        Pattern said = Pattern.compile("\\b" + Pattern.quote(word), Pattern.CASE_INSENSITIVE);
        int carrying = 0;
        for (LogRecord r : top.samples) {
          if (said.matcher(r.message()).find()) {
            carrying++;
          }
        }
        if (carrying * 2 > top.samples.size()) {
          return word;
        }
      }
      return null;
    }

    /** A record of another service that names a term most of the leading failures carry. */
    private record Precursor(String service, String term, LogRecord record, long at, boolean newcomer) {}

    private static Precursor earlier(Precursor a, Precursor b) {
      return a == null || b != null && b.at() < a.at() ? b : a;
    }

    /** The first term {@code r} shares with most of the leading failures, as a precursor; else null. */
    private static Precursor sharedTerm(String service, LogRecord r, long at, KeyStats top, Map<String, Integer> symptomTerms,
        boolean newcomer) {
      for (String term : Terms.of(r.message() + "\n" + (r.raw() == null ? "" : r.raw()))) {
        if (symptomTerms.getOrDefault(term, 0) * 2 >= top.samples.size() && !term.contains(service) && !term.contains(top.service)) {
          return new Precursor(service, term, r, at, newcomer);
        }
      }
      return null;
    }

    /**
     * A full disk is a consequence: of whatever filled it. When several services report the disk
     * full, the one that began running well before it filled and after the others were already
     * up (a backup, a dump, an export: a job, not a resident) is taken as the writer that filled
     * it, and the leading candidate as its symptom.
     *
     * @return whether the ranking changed
     */
    private boolean findDiskFiller(List<KeyStats> rooting) {
      if (observed.diskFull.size() < 2) {
        return false;
      }
      long filled = observed.diskFull.values().stream().mapToLong(Long::longValue).min().orElseThrow();
      long earliestStart = Long.MAX_VALUE;
      for (String service : observed.diskFull.keySet()) {
        earliestStart = Math.min(earliestStart, observed.firstSeen.get(service));
      }
      String writer = null;
      long writerStart = Long.MIN_VALUE;
      for (String service : observed.diskFull.keySet()) {
        long started = observed.firstSeen.get(service);
        if (started > earliestStart && filled - started >= WRITER_LEAD_MS && started > writerStart) {
          writer = service;
          writerStart = started;
        }
      }
      KeyStats top = Rooting.leading(rooting);
      if (top == null) {
        return false;
      }
      if (writer != null && !top.service.equals(writer)) {
        blameExhaustion(writer, writerStart, observed.diskFull, top, rooting, ks -> true,
            beganBefore(writer, writerStart, observed.diskFull, "the disk filled"));
        return true;
      }
      // no other newcomer: a resident that hit the full disk on its own write, before anyone else
      // found it full, wrote it full (a spool, an export), and the leading failure came after
      String first = null;
      for (Map.Entry<String, Long> e : new TreeMap<>(observed.diskFull).entrySet()) {
        if (first == null || e.getValue() < observed.diskFull.get(first)) {
          first = e.getKey();
        }
      }
      LogRecord own = observed.diskFullRecords.get(first);
      if (top.service.equals(first) || !own.isError() || own.errorType() == null
          || top.firstRoot <= filled || !observed.diskFull.containsKey(top.service)) {
        return false;
      }
      blameExhaustion(first, filled, observed.diskFull, top, rooting, ks -> own.errorType().equals(ks.errorType),
          first + " was the first to find the disk full, on its own write, at " + Instant.ofEpochMilli(filled)
              + "; the others followed: " + trim(own.message()));
      return true;
    }

    /** {@code culprit began at …, n s before <what> (first reported by …): <its first line>}. */
    private String beganBefore(String culprit, long since, Map<String, Long> reportedAt, String what) {
      long exhausted = Long.MAX_VALUE;
      String reporter = null;
      for (Map.Entry<String, Long> e : reportedAt.entrySet()) {
        if (e.getValue() < exhausted || e.getValue() == exhausted && e.getKey().compareTo(reporter) < 0) {
          exhausted = e.getValue();
          reporter = e.getKey();
        }
      }
      return culprit + " began at " + Instant.ofEpochMilli(since) + ", " + Duration.ofMillis(exhausted - since).toSeconds()
          + " s before " + what + " (first reported by " + reporter + "): " + trim(observed.firstRecords.get(culprit).message());
    }

    /**
     * Connections a server ran out of were taken by someone: when services report a server out of
     * connection slots, a service that began logging mid-window, shortly before (a batch job, a
     * new consumer fleet) and did not itself report it is taken as what took them, and the
     * leading candidate and the reporters as its victims. It need not fail itself: it holds the
     * connections the others cannot get. The latest such newcomer before the exhaustion wins.
     *
     * @return whether the ranking changed
     */
    private boolean findConnectionHog(List<KeyStats> rooting) {
      return findNewcomerHog(rooting, observed.connectionsExhausted, null, "a server ran out of connections");
    }

    /**
     * The same for a server refusing work for lack of capacity (search queues full, 429s): the
     * newcomer that began shortly before is the load, when it works on what the refusals are
     * about (it names the refusing server, or the server the refusals name).
     *
     * @return whether the ranking changed
     */
    private boolean findLoadHog(List<KeyStats> rooting) {
      return findNewcomerHog(rooting, observed.capacityExhausted, observed.capacityReports, "a server refused work for lack of capacity");
    }

    /**
     * Writes that collide with rows already there (a duplicate primary key) after a bulk write
     * finished: the newcomer that wrote into what the failures are about (a backfill, an import
     * that kept its ids and left a sequence behind) is the data change that broke them.
     *
     * @return whether the ranking changed
     */
    /**
     * Failures that are a server's refusals to serve (429, too many requests), where a service's
     * own access log answered 429 from just before they began: that service's limiter refused
     * them, and it is the root (its limits, or the change to them it logged) unless a newcomer's
     * load was found first.
     *
     * @return whether the ranking changed
     */
    private boolean findThrottler(List<KeyStats> rooting) {
      KeyStats top = Rooting.leading(rooting);
      if (observed.throttled.isEmpty() || top == null || top.samples.isEmpty()) {
        return false;
      }
      if (!mostlyRefused(top)) {
        return false;
      }
      String limiter = null;
      for (Map.Entry<String, Long> e : new TreeMap<>(observed.throttled).entrySet()) {
        long at = e.getValue();
        if (!e.getKey().equals(top.service) && at <= top.firstRoot + ONSET_SLACK_MS && top.firstRoot - at <= HOG_LEAD_MS
            && (limiter == null || at < observed.throttled.get(limiter))) {
          limiter = e.getKey();
        }
      }
      if (limiter == null) {
        return false;
      }
      long from = observed.throttled.get(limiter);
      KeyStats root = observed.stats(limiter, null);
      if (!rooting.contains(root)) {
        rooting.add(root);
      }
      root.background = false;
      root.firstRoot = Math.min(root.firstRoot, from);
      LogRecord change = Rooting.lastBefore(observed.configChanges.get(limiter), from, HOG_LEAD_MS);
      root.firstDetail = change != null ? change : observed.throttleAnswers.get(limiter);
      root.rootReason = limiter + " answered 429 from " + Instant.ofEpochMilli(from) + " (" + trim(observed.throttleAnswers.get(limiter).message())
          + ")" + (change == null ? "" : ", after it changed its configuration" + Rooting.componentOf(change) + ": " + trim(change.message()))
          + "; the failures are its refusals";
      for (KeyStats ks : new ArrayList<>(rooting)) {
        boolean refusedToo = ks.firstRoot >= from - ONSET_SLACK_MS && !ks.background && mostlyRefused(ks);
        if ((ks == top || refusedToo) && ks != root && ks.symptomOf == null) {
          root.absorb(ks);
          ks.symptomOf = root;
        }
      }
      return true;
    }

    /** Whether most of a key's sampled failures say a server refused them as too many requests. */
    private static boolean mostlyRefused(KeyStats ks) {
      int refused = 0;
      for (LogRecord r : ks.samples) {
        if (REFUSED_AS_TOO_MANY.matcher(r.message() + "\n" + (r.raw() == null ? "" : head(r.raw()))).find()) {
          refused++;
        }
      }
      return refused * 2 > ks.samples.size();
    }

    /**
     * Independent failures in two or more services that began within minutes after a service
     * they all stand behind changed its configuration (a connection pooler re-reading its config
     * in a new mode): the change is their common cause. The changed service must not be failing
     * itself; of several changes the last before the failures is the nearest.
     *
     * @return whether the ranking changed
     */
    private boolean findSharedChange(List<KeyStats> rooting) {
      KeyStats top = Rooting.leading(rooting);
      if (top == null || observed.configChanges.isEmpty()) {
        return false;
      }
      Set<String> failing = new TreeSet<>();
      long began = Long.MAX_VALUE;
      for (KeyStats ks : rooting) {
        if (ks.symptomOf == null && !ks.background && ks.score >= 0.25 * top.score
            && Math.abs(ks.firstRoot - top.firstRoot) <= HOST_LEAD_MS) {
          failing.add(ks.service);
          began = Math.min(began, ks.firstRoot);
        }
      }
      if (failing.size() < 2) {
        return false;
      }
      String changed = null;
      LogRecord change = null;
      for (Map.Entry<String, List<LogRecord>> e : new TreeMap<>(observed.configChanges).entrySet()) {
        ServiceActivity own = observed.activity.get(e.getKey());
        if (failing.contains(e.getKey()) || own != null && own.errors > 0) {
          continue;
        }
        LogRecord last = Rooting.lastBefore(e.getValue(), began, HOG_LEAD_MS);
        if (last != null && began - last.ts().toEpochMilli() <= HOST_LEAD_MS
            && (change == null || last.ts().isAfter(change.ts()))) {
          changed = e.getKey();
          change = last;
        }
      }
      if (change == null) {
        return false;
      }
      KeyStats root = observed.stats(changed, null);
      if (!rooting.contains(root)) {
        rooting.add(root);
      }
      root.background = false;
      root.firstRoot = Math.min(root.firstRoot, change.ts().toEpochMilli());
      root.firstDetail = change;
      root.rootReason = changed + " changed its configuration" + Rooting.componentOf(change) + " at " + change.ts() + " (" + trim(change.message())
          + "); " + String.join(" and ", failing) + " began failing " + Duration.ofMillis(began - change.ts().toEpochMilli()).toSeconds()
          + " s later";
      for (KeyStats ks : new ArrayList<>(rooting)) {
        if (failing.contains(ks.service) && ks.symptomOf == null && !ks.background && ks != root) {
          root.absorb(ks);
          ks.symptomOf = root;
        }
      }
      return true;
    }


    private boolean findBulkWriter(List<KeyStats> rooting) {
      return findNewcomerHog(rooting, observed.writesCollided, observed.collisionReports, "writes began to collide with existing rows");
    }

    /** @param reports when given, the newcomer must name a reporter or what their reports name */
    private boolean findNewcomerHog(List<KeyStats> rooting, Map<String, Long> reportedAt, Map<String, LogRecord> reports,
        String what) {
      if (reportedAt.isEmpty()) {
        return false;
      }
      long exhausted = reportedAt.values().stream().mapToLong(Long::longValue).min().orElseThrow();
      Set<String> targets = reports == null ? null : targetsOf(reports);
      String hog = null;
      long hogStart = Long.MIN_VALUE;
      for (Map.Entry<String, Long> e : observed.firstSeen.entrySet()) {
        long started = e.getValue();
        if (!reportedAt.containsKey(e.getKey()) && started > observed.minTs + NEWCOMER_AFTER_MS
            && started <= exhausted && exhausted - started <= HOG_LEAD_MS && observed.recordsBy.get(e.getKey()).count >= 3
            && (started > hogStart || started == hogStart && e.getKey().compareTo(hog) < 0)
            && (targets == null || namesAny(e.getKey(), targets))) {
          hog = e.getKey();
          hogStart = started;
        }
      }
      KeyStats top = Rooting.leading(rooting);
      if (hog == null || top == null || top.service.equals(hog)) {
        return false;
      }
      blameExhaustion(hog, hogStart, reportedAt, top, rooting, ks -> true, beganBefore(hog, hogStart, reportedAt, what));
      return true;
    }

    /** The reporters, and the services their reports name (the server that refused them). */
    private Set<String> targetsOf(Map<String, LogRecord> reports) {
      ServiceMentions mentions = new ServiceMentions(observed.firstSeen.keySet());
      Set<String> targets = new HashSet<>(reports.keySet());
      for (Map.Entry<String, LogRecord> e : reports.entrySet()) {
        targets.addAll(mentions.in(e.getValue().raw(), e.getKey()));
      }
      return targets;
    }

    /** Whether the service's first records name one of {@code targets}. */
    private boolean namesAny(String service, Set<String> targets) {
      ServiceMentions mentions = new ServiceMentions(observed.firstSeen.keySet());
      for (LogRecord r : observed.recordsBy.get(service).early) {
        for (String named : mentions.in(r.message() + "\n" + (r.raw() == null ? "" : r.raw()), service)) {
          if (targets.contains(named)) {
            return true;
          }
        }
      }
      return false;
    }









    /**
     * Makes {@code culprit} (which began at {@code since}) the root of the leading candidate and
     * of every other service that reported the shared resource exhausted ({@code reportedAt}: when
     * each first did).
     */
    private void blameExhaustion(String culprit, long since, Map<String, Long> reportedAt, KeyStats top,
        List<KeyStats> rooting, Predicate<KeyStats> rootFits, String reason) {
      KeyStats root = Rooting.bestOf(observed, culprit, rooting, rootFits, null);
      if (!rooting.contains(root)) {
        rooting.add(root);
      }
      root.firstRoot = Math.min(root.firstRoot, since);
      if (root.firstDetail == null) {
        root.firstDetail = observed.firstRecords.get(culprit);
      }
      root.rootReason = reason;
      for (KeyStats ks : new ArrayList<>(rooting)) {
        boolean victim = ks == top || (reportedAt.containsKey(ks.service) && !ks.service.equals(culprit));
        if (victim && ks.symptomOf == null && !ks.background && ks != root) {
          root.absorb(ks);
          ks.symptomOf = root;
        }
      }
    }

    /**
     * A failure about stale data (a projection minutes behind, a lagging replica) names no cause
     * of its own: whatever stopped feeding that data did. When most of the leading candidate's
     * records say so, the cause is the other service whose own failures began shortly before,
     * nearest to when the data froze (the reported age, when the records give one).
     *
     * @return whether the ranking changed
     */
    private boolean findStaleSource(List<KeyStats> rooting) {
      KeyStats top = Rooting.leading(rooting);
      if (top == null || top.samples.isEmpty()) {
        return false;
      }
      int stale = 0;
      long age = -1;
      for (LogRecord r : top.samples) {
        if (STALE.matcher(r.message()).find()) {
          stale++;
          if (age < 0) {
            age = ageMillis(r.message());
          }
        }
      }
      if (stale * 2 < top.samples.size()) {
        return false;
      }
      long frozeAt = top.firstRoot - Math.max(age, 0);
      KeyStats source = null;
      for (KeyStats ks : rooting) {
        if (ks.service.equals(top.service) || ks.background || ks.symptomOf != null || ks.firstRoot >= top.firstRoot
            || top.firstRoot - ks.firstRoot > Math.max(age, 0) + STALE_LEAD_MS) {
          continue;
        }
        if (source == null || Math.abs(ks.firstRoot - frozeAt) < Math.abs(source.firstRoot - frozeAt)) {
          source = ks;
        }
      }
      if (source == null) {
        return false;
      }
      source.absorb(top);
      source.firstEffective = Math.min(source.firstEffective, source.firstRoot);
      top.symptomOf = source;
      return true;
    }

    /** The first duration in a stale-data message, or -1. */
    private static long ageMillis(String message) {
      Matcher m = STALE_AGE.matcher(message);
      if (!m.find()) {
        return -1;
      }
      double n = Double.parseDouble(m.group(1));
      String unit = m.group(2).toLowerCase(Locale.ROOT);
      double millis = unit.equals("ms") ? n : unit.startsWith("s") ? n * 1000 : unit.startsWith("h") ? n * 3_600_000 : n * 60_000;
      return (long) millis;
    }



    /**
     * The named service's typed failure that roots nothing because it only ever showed inside its
     * callers' traces (both logged the same millisecond, the caller's file read first): the one
     * with the most events that began by the time the caller failed, or null.
     */
    private KeyStats failedInsideCalls(String service, KeyStats caller) {
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
    private void attributeProxyResponses(List<KeyStats> rooting) {
      for (KeyStats ks : rooting) {
        if (ks.background || ks.symptomOf != null || !AccessLogLines.isServerError(ks.simpleType)) {
          continue;
        }
        long[] mine = ks.sortedStarts();
        KeyStats best = null;
        int most = 0;
        for (KeyStats other : rooting) {
          if (other.service.equals(ks.service) || other.background || AccessLogLines.isServerError(other.simpleType)) {
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
    }

    /** How many of {@code mine} have one of {@code theirs} within the proximity; both sorted. */
    private int coinciding(long[] mine, long[] theirs) {
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
    private void attributeToCallees(List<KeyStats> rooting) {
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
      for (Map.Entry<KeyStats, KeyStats> e : callee.entrySet()) {
        KeyStats target = e.getValue();
        Set<KeyStats> seen = new HashSet<>(List.of(e.getKey()));
        // a callee that is in turn a caller of a troubled service passes the blame on
        while (callee.containsKey(target) && seen.add(target)) {
          target = callee.get(target);
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
    private boolean saidCallerSpokeWrong(String server, KeyStats caller) {
      Long since = observed.clientSpokeWrong.get(server);
      return since != null && Math.abs(since - caller.firstRoot) <= ONSET_SLACK_MS;
    }

    /** The other service most of {@code ks}'s sampled records name, if at least half do. */
    private String mostNamed(ServiceMentions mentions, KeyStats ks) {
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
    private boolean onlyCallersGone(String service, List<KeyStats> rooting) {
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
    private String programOn(String host) {
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
    private boolean callersFault(KeyStats ks) {
      int faults = 0;
      for (LogRecord r : ks.samples) {
        if (CALLERS_FAULT.matcher(r.message() + "\n" + (r.raw() == null ? "" : head(r.raw()))).find()) {
          faults++;
        }
      }
      return faults * 2 > ks.samples.size();
    }










    private void score(List<KeyStats> rooting) {
      long earliest = Long.MAX_VALUE;
      for (KeyStats ks : rooting) {
        ks.firstEffective = Math.min(ks.firstEffective, ks.firstRoot);
        if (!ks.background && ks.symptomOf == null) {
          earliest = Math.min(earliest, ks.firstEffective);
        }
      }
      for (KeyStats ks : rooting) {
        if (ks.symptomOf != null) {
          ks.score = 0;
          continue;
        }
        // background bears on the incident at most with its failures since the onset
        double base = ks.background
            ? ks.directWeight * ks.after / ks.rooted
            : ks.directWeight + 0.5 * ks.inferredWeight;
        double earliness = earliest == Long.MAX_VALUE ? 1
            : 1 + 0.5 * Math.exp(-Math.max(0, ks.firstEffective - earliest) / EARLINESS_TAU_MS);
        double relevance = ks.rooted == 0 ? 1 : 1 + 0.2 * ks.touchingAlert / ks.rooted;
        ks.score = base * earliness * relevance * (ks.background ? BACKGROUND_WEIGHT : 1);
      }
    }

    /**
     * Share of the failing (non-background) groups the top root explains, directly or by
     * inference at half weight; lowered when the runner-up is close, when it rests on few
     * groups, when nothing links it to any effect, when its own records point at a cause the
     * logs do not show, and when even the best is background.
     */
    private double confidence(KeyStats top, List<KeyStats> rooting) {
      double total = 0;
      double all = 0;
      for (KeyStats ks : rooting) {
        all += ks.directWeight;
        if (!ks.background) {
          total += ks.directWeight;
        }
      }
      double explained = top.background
          ? top.directWeight / all
          : Math.min(1, (top.directWeight + 0.5 * top.inferredWeight) / total);
      double second = rooting.size() > 1 ? rooting.get(1).score : 0;
      double margin = top.score > 0 ? Math.max(0, 1 - second / top.score) : 0;
      int groupsBehind = top.rooted + top.inferredGroups;
      double support = groupsBehind / (groupsBehind + 1.0);
      double linkage = top.linked > 0 || top.inferredGroups > 0 ? 1 : 0.85;
      // a root that itself says "caused by" something absent is only where the visible chain ends
      double visibleEnd = top.rooted == 0 ? 1 : 1 - 0.5 * top.unresolved / top.rooted;
      double c = explained * (0.5 + 0.5 * margin) * support * linkage * visibleEnd * (top.background ? 0.3 : 1);
      return Math.round(Math.min(0.95, Math.max(0, c)) * 100) / 100.0;
    }

    /** The top's effects over the groups it roots, root-near first; rare ones left out. */
    private List<StepStats> steps(KeyStats top, List<CausalGroup> groups) {
      Map<String, StepStats> byKey = new LinkedHashMap<>();
      for (CausalGroup g : groups) {
        if (!g.rootKey().equals(top.key)) {
          continue;
        }
        for (CausalGroup.Effect effect : g.effects()) {
          if (!effect.linked()) {
            continue;
          }
          KeyStats ks = observed.statsByKey.get(effect.key());
          StepStats step = byKey.computeIfAbsent(effect.key(), k -> new StepStats(ks));
          step.groups++;
          step.count += effect.count();
          step.depth = Math.min(step.depth, effect.depth());
          ErrorEvent first = effect.first();
          if (first.tsMillis < step.firstMillis) {
            step.firstMillis = first.tsMillis;
          }
          if (first.detail != null && (step.example == null || first.tsMillis < step.exampleMillis)) {
            step.example = first.detail; // the earliest kept record, so evidence reads in order
            step.exampleMillis = first.tsMillis;
          }
        }
      }
      // failures seen only from the callers' side: each calling key is a step of its own
      for (KeyStats ks : observed.statsByKey.values()) {
        if (ks.symptomOf == top && ks.rooted > 0 && !byKey.containsKey(ks.key)) {
          StepStats step = new StepStats(ks);
          step.groups = ks.rooted;
          step.count = ks.events;
          step.depth = 1;
          step.firstMillis = ks.firstRoot;
          step.example = ks.example();
          byKey.put(ks.key, step);
        }
      }
      int minGroups = Math.max(1, (int) Math.ceil(0.05 * top.linked));
      List<StepStats> steps = new ArrayList<>();
      for (StepStats step : byKey.values()) {
        if (step.groups >= minGroups) {
          if (step.example == null) {
            step.example = step.stats.firstDetail;
          }
          steps.add(step);
        }
      }
      steps.sort(Comparator.comparingInt((StepStats s) -> s.depth)
          .thenComparingLong(s -> s.firstMillis)
          .thenComparing(s -> s.stats.key));
      return steps.size() > MAX_EVIDENCE - 1 ? steps.subList(0, MAX_EVIDENCE - 1) : steps;
    }

    private String label(KeyStats ks) {
      return (ks.errorType == null ? "(no error type)" : ks.errorType) + " in " + ks.service;
    }

    private String rootStep(KeyStats top) {
      LogRecord example = top.example();
      String component = Rooting.componentOf(example);
      String type = naming.rootType(top);
      String wrapped = type != null && !type.equals(top.errorType) ? " raised as " + top.simpleType : "";
      if (top.rootReason != null) {
        return top.rootReason;
      }
      return (type == null ? "(no error type)" : type) + wrapped + " in " + top.service + component;
    }


    private String step(KeyStats top, StepStats step) {
      KeyStats ks = step.stats;
      StringBuilder s = new StringBuilder(ks.simpleType.isEmpty() ? "(no error type)" : ks.simpleType);
      if (!ks.service.equals(top.service)) {
        s.append(" in ").append(ks.service);
      }
      long perGroup = Math.round((double) step.count / step.groups);
      if (perGroup > 1) {
        s.append(" ×").append(perGroup);
      }
      return s.toString();
    }

    private Candidate candidate(KeyStats ks) {
      LogRecord example = ks.example();
      return new Candidate(
          ks.service,
          naming.rootType(ks),
          example == null ? null : example.component(),
          ks.rooted,
          ks.linked,
          ks.inferredGroups,
          Math.round(ks.score * 100) / 100.0,
          Instant.ofEpochMilli(ks.firstRoot),
          ks.background,
          ks.symptomOf == null ? null : label(ks.symptomOf),
          example);
    }

    /** A new version of the root's service that went live shortly before the root first failed. */
    private String deployChange(KeyStats top) {
      LogRecord example = top.example();
      if (example == null || example.deployVersion() == null) {
        return recordedDeployBefore(top);
      }
      Map<String, long[]> seen = observed.versions.get(top.service);
      long[] current = seen == null ? null : seen.get(example.deployVersion());
      if (current == null) {
        return null;
      }
      String previous = null;
      long previousFirst = Long.MIN_VALUE;
      for (Map.Entry<String, long[]> e : seen.entrySet()) {
        long first = e.getValue()[0];
        if (!e.getKey().equals(example.deployVersion()) && first < current[0] && first > previousFirst) {
          previous = e.getKey();
          previousFirst = first;
        }
      }
      long lead = top.firstRoot - current[0];
      if (previous == null || lead < -ONSET_SLACK_MS || lead > DEPLOY_LEAD_MS) {
        return null;
      }
      return previous + " → " + example.deployVersion() + " at " + Instant.ofEpochMilli(current[0]);
    }

    /** The last recorded deploy of the root's service shortly before it first failed, if any. */
    private String recordedDeployBefore(KeyStats top) {
      LogRecord latest = null;
      for (LogRecord change : observed.changes.getOrDefault(top.service, List.of())) {
        long lead = top.firstRoot - change.ts().toEpochMilli();
        if (lead >= -ONSET_SLACK_MS && lead <= DEPLOY_LEAD_MS && (latest == null || change.ts().isAfter(latest.ts()))) {
          latest = change;
        }
      }
      // read after "began right after deploy": the record's own "deployed" would say it twice
      return latest == null ? null : latest.message().replaceFirst("^deployed ", "") + " at " + latest.ts();
    }

    /**
     * The naive answer every diagnosis must beat: the most frequent (service, simple error type)
     * among ERROR/FATAL records, ties to the one seen first.
     */
    private Baseline mostFrequent() {
      Map<String, long[]> tally = new HashMap<>();
      Map<String, KeyStats> sample = new HashMap<>();
      for (KeyStats ks : observed.statsByKey.values()) {
        String k = ks.service + '|' + ks.simpleType;
        long[] t = tally.computeIfAbsent(k, x -> new long[] {0, Long.MAX_VALUE});
        t[0] += ks.events;
        t[1] = Math.min(t[1], ks.firstSeq);
        sample.putIfAbsent(k, ks);
      }
      String best = null;
      long[] bestTally = null;
      for (Map.Entry<String, long[]> e : tally.entrySet()) {
        long[] t = e.getValue();
        if (bestTally == null || t[0] > bestTally[0] || (t[0] == bestTally[0] && t[1] < bestTally[1])) {
          best = e.getKey();
          bestTally = t;
        }
      }
      if (best == null) {
        return null;
      }
      KeyStats ks = sample.get(best);
      return new Baseline(ks.service, ks.simpleType.isEmpty() ? null : ks.simpleType, bestTally[0]);
    }
  }
}
