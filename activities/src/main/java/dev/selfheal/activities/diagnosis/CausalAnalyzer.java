package dev.selfheal.activities.diagnosis;

import dev.selfheal.activities.logs.LogRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * <p>The parts: {@link LogObservations} is what one pass over the records saw; {@link
 * SymptomLinking} links error types the groups alone do not; {@link ActingRoots} and {@link
 * HostTroubleRule} find roots that act rather than fail (a job, a newcomer, a limiter, a change, a
 * machine); {@link RootNaming} names a root's error type; the words each rule looks for are in
 * {@link TroubleWords}. This class groups, scores and writes the chain.
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

  private static final Pattern SESSION = Pattern.compile("([A-Za-z_][\\w-]{0,62})@[\\w.-]{1,63}");
  /** Host trouble this long before the incident's onset can still be its cause. */
  static final long HOST_LEAD_MS = Duration.ofMinutes(10).toMillis();
  private static final Pattern WORD_BREAK = Pattern.compile("[\\s:=,;()\\[\\]{}\"']+");
  private static final int ERROR_HEAD_CHARS = 1024;
  /** A newcomer that began within this before the connections ran out had time to take them. */
  static final long HOG_LEAD_MS = Duration.ofMinutes(30).toMillis();
  /** A service that logged within this of the window's start was there all along, not new. */
  static final long NEWCOMER_AFTER_MS = Duration.ofMinutes(5).toMillis();

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
   * errors: the session user when a database names one, then {@code ~} and the first three words
   * of its message (words with digits, ids and quoted values dropped).
   */
  static String untypedKind(String session, String message) {
    if (message == null) {
      return session;
    }
    // a database session's errors are told apart by what they say too: its steady duplicate-key
    // noise is not the statements that began failing at the incident
    StringBuilder kind = new StringBuilder(session == null ? "~" : session + "~");
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

  /** One analysis of what was observed: groups, links, scores and writes the answer. */
  private final class Run {
    private final String alertService;
    private final LogObservations observed;
    private final RootNaming naming;
    private final HostTroubleRule hostTrouble;
    private final ActingRoots actingRoots;
    private final LetThroughRule letThrough;
    private final ServerRefusalRule serverRefusal;
    private final RestartedDependencyRule restartedDependency;
    private final AddressConflictRule addressConflict;
    private final SchemaChangeRule schemaChange;
    private final ReleaseDataRule releaseData;
    private final PacketFilterRule packetFilter;
    private final SymptomLinking linking;

    Run(String alertService, LogObservations observed) {
      this.alertService = alertService;
      this.observed = observed;
      this.naming = new RootNaming(observed);
      this.hostTrouble = new HostTroubleRule(observed, naming);
      this.actingRoots = new ActingRoots(observed);
      this.letThrough = new LetThroughRule(observed);
      this.serverRefusal = new ServerRefusalRule(observed);
      this.restartedDependency = new RestartedDependencyRule(observed);
      this.addressConflict = new AddressConflictRule(observed);
      this.schemaChange = new SchemaChangeRule(observed);
      this.releaseData = new ReleaseDataRule(observed);
      this.packetFilter = new PacketFilterRule(observed);
      this.linking = new SymptomLinking(observed, naming, proximityMillis);
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
      linking.apply(rooting);
      score(rooting);
      if (actingRoots.apply(rooting) | hostTrouble.apply(rooting, onset) | letThrough.apply(rooting)
          | serverRefusal.apply(rooting) | restartedDependency.apply(rooting) | addressConflict.apply(rooting)
          | schemaChange.apply(rooting) | releaseData.apply(rooting) | packetFilter.apply(rooting)) {
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
      String wrapped = type != null && !type.equals(top.errorType) && !top.simpleType.isEmpty() ? " raised as " + top.simpleType : "";
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
