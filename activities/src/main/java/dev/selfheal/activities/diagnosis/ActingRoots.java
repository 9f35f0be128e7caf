package dev.selfheal.activities.diagnosis;

import static dev.selfheal.activities.diagnosis.CausalAnalyzer.HOG_LEAD_MS;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.HOST_LEAD_MS;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.NEWCOMER_AFTER_MS;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.ONSET_SLACK_MS;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.trim;
import static dev.selfheal.activities.diagnosis.TroubleWords.DNS_SERVER;
import static dev.selfheal.activities.diagnosis.TroubleWords.LOCK_WAIT;
import static dev.selfheal.activities.diagnosis.TroubleWords.NAME_NOT_RESOLVED;
import static dev.selfheal.activities.diagnosis.TroubleWords.STATEMENT_TIMEOUT;
import static dev.selfheal.activities.diagnosis.TroubleWords.REFUSED_AS_TOO_MANY;
import static dev.selfheal.activities.diagnosis.TroubleWords.STALE;
import static dev.selfheal.activities.diagnosis.TroubleWords.STALE_AGE;

import dev.selfheal.activities.logs.LogRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Roots that act rather than fail: a job whose warning or failure names what the failures trip
 * over, a job that fell silent before failures that name it, a newcomer that took a shared
 * resource (disk, connection slots, capacity, rows), a limiter answering 429, a configuration
 * change shared by independent failures, a source that stopped feeding a stale read. Each rule
 * makes its root the leading candidate's cause and writes its reason into the causal chain.
 */
final class ActingRoots {
  /** A writer that began at least this long before the disk filled had time to fill it. */
  private static final long WRITER_LEAD_MS = Duration.ofMinutes(5).toMillis();
  private static final long STALE_LEAD_MS = Duration.ofMinutes(30).toMillis();
  /** Words of service names that say what kind of program it is, not what it works on. */
  private static final Set<String> GENERIC_NAME_WORDS = Set.of(
      "service", "server", "worker", "import", "importer", "export", "exporter", "batch", "runner", "consumer",
      "producer", "gateway", "proxy", "backend", "frontend", "daemon", "agent", "scheduler", "manager", "handler",
      "processor", "writer", "reader", "loader", "internal", "external", "cronjob", "controller", "operator");
  private static final long PRECURSOR_LEAD_MS = Duration.ofHours(6).toMillis();
  private final LogObservations observed;

  ActingRoots(LogObservations observed) {
    this.observed = observed;
  }

  /** Applies every rule in turn, each to the ranking the ones before it left; whether any changed it. */
  boolean apply(List<KeyStats> rooting) {
    return findPrecursor(rooting) | findFailedJob(rooting) | findDiskFiller(rooting) | findConnectionHog(rooting)
        | findLoadHog(rooting) | findBulkWriter(rooting) | findStaleSource(rooting) | findThrottler(rooting)
        | findSharedChange(rooting) | findResolver(rooting) | findLockHolder(rooting) | findQueryHog(rooting);
  }

  /**
   * Failures that gave up waiting for a lock, where the database named the session holding it and
   * that session ran for a service in the logs (a maintenance job's VACUUM FULL, a migration): the
   * holder is the root, however quiet it was.
   *
   * @return whether the ranking changed
   */
  boolean findLockHolder(List<KeyStats> rooting) {
    KeyStats top = Rooting.leading(rooting);
    KeyStats face = Rooting.face(top, rooting);
    if (face == null || observed.lockHolders.isEmpty() || !face.mostlySay(LOCK_WAIT)) {
      return false;
    }
    String pid = null;
    for (Map.Entry<String, Integer> e : new TreeMap<>(observed.lockHolders).entrySet()) {
      if (pid == null || e.getValue() > observed.lockHolders.get(pid)) {
        pid = e.getKey();
      }
    }
    String app = observed.backendApps.get(pid);
    String holder = app == null ? null : observed.firstSeen.containsKey(app) ? app : null;
    if (holder == null || holder.equals(top.service)) {
      return false;
    }
    LogRecord first = observed.firstRecords.get(holder);
    KeyStats root = Rooting.actingRoot(observed, rooting, holder, first.ts().toEpochMilli(), first);
    root.rootReason = holder + " held the lock the failures waited for (database backend " + pid + ", named as the holder "
        + observed.lockHolders.get(pid) + " times): " + trim(first.message());
    for (KeyStats ks : new ArrayList<>(rooting)) {
      if (ks != root && ks.symptomOf == null && !ks.background && (ks == top || !ks.samples.isEmpty() && ks.mostlySay(LOCK_WAIT))) {
        ks.becomeSymptomOf(root);
      }
    }
    return true;
  }

  /**
   * Failures that say a name did not resolve, while the DNS server in the logs was itself
   * complaining: the resolver is the root, not the clients that could not reach anything by name.
   *
   * @return whether the ranking changed
   */
  boolean findResolver(List<KeyStats> rooting) {
    KeyStats top = Rooting.leading(rooting);
    if (top == null || top.samples.isEmpty() || !top.mostlySay(NAME_NOT_RESOLVED)) {
      return false;
    }
    String resolver = null;
    for (Map.Entry<String, ServiceActivity> e : new TreeMap<>(observed.activity).entrySet()) {
      ServiceRecords records = observed.recordsBy.get(e.getKey());
      if (records != null && records.runs(e.getKey(), DNS_SERVER) && !e.getKey().equals(top.service)) {
        resolver = e.getKey();
        break;
      }
    }
    if (resolver == null) {
      return false;
    }
    ServiceActivity complained = observed.activity.get(resolver);
    KeyStats root = Rooting.actingRoot(observed, rooting, resolver, complained.first, complained.firstRecord);
    root.rootReason = "names did not resolve (" + trim(top.samples.get(top.samples.size() - 1).message()) + "); " + resolver
        + ", the DNS server, was failing too: " + trim(complained.firstRecord.message());
    for (KeyStats ks : new ArrayList<>(rooting)) {
      if (ks != root && ks.symptomOf == null && !ks.background && (ks == top || !ks.samples.isEmpty() && ks.mostlySay(NAME_NOT_RESOLVED))) {
        ks.becomeSymptomOf(root);
      }
    }
    return true;
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
  boolean findPrecursor(List<KeyStats> rooting) {
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
    root.rootReason = (best.newcomer() ? best.service() + ", begun just before the failures," : "warning in " + best.service())
        + Rooting.componentOf(best.record()) + " about '" + best.term() + "': " + trim(best.record().message());
    top.becomeSymptomOf(root);
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
  boolean findFailedJob(List<KeyStats> rooting) {
    KeyStats top = Rooting.leading(rooting);
    KeyStats face = Rooting.face(top, rooting);
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
    top.becomeSymptomOf(job);
    job.rootReason = job.service + (job.rooted > 0 ? " failed" : " warned") + Rooting.componentOf(said)
        + " and fell silent before the failures, which name its '" + named + "': " + trim(said.message());
    return true;
  }

  /** A distinctive word of {@code service}'s name that most of {@code top}'s records say, or null. */
  static String nameWordCarried(String service, KeyStats top) {
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

  static Precursor earlier(Precursor a, Precursor b) {
    return a == null || b != null && b.at() < a.at() ? b : a;
  }

  /** The first term {@code r} shares with most of the leading failures, as a precursor; else null. */
  static Precursor sharedTerm(String service, LogRecord r, long at, KeyStats top, Map<String, Integer> symptomTerms,
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
  boolean findDiskFiller(List<KeyStats> rooting) {
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
  String beganBefore(String culprit, long since, Map<String, Long> reportedAt, String what) {
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
  boolean findConnectionHog(List<KeyStats> rooting) {
    return findNewcomerHog(rooting, observed.connectionsExhausted, newcomer -> true, "a server ran out of connections");
  }

  /**
   * The same for a server refusing work for lack of capacity (search queues full, 429s): the
   * newcomer that began shortly before is the load, when it works on what the refusals are
   * about (it names the refusing server, or the server the refusals name).
   *
   * @return whether the ranking changed
   */
  boolean findLoadHog(List<KeyStats> rooting) {
    Set<String> targets = targetsOf(observed.capacityReports);
    return findNewcomerHog(rooting, observed.capacityExhausted, newcomer -> namesAny(newcomer, targets),
        "a server refused work for lack of capacity");
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
  boolean findThrottler(List<KeyStats> rooting) {
    KeyStats top = Rooting.leading(rooting);
    if (observed.throttled.isEmpty() || top == null || top.samples.isEmpty()) {
      return false;
    }
    if (!top.mostlySay(REFUSED_AS_TOO_MANY)) {
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
    KeyStats root = Rooting.actingRoot(observed, rooting, limiter, from, null);
    LogRecord change = Rooting.lastBefore(observed.configChanges.get(limiter), from, HOG_LEAD_MS);
    root.firstDetail = change != null ? change : observed.throttleAnswers.get(limiter);
    root.rootReason = limiter + " answered 429 from " + Instant.ofEpochMilli(from) + " (" + trim(observed.throttleAnswers.get(limiter).message())
        + ")" + (change == null ? "" : ", after it changed its configuration" + Rooting.componentOf(change) + ": " + trim(change.message()))
        + "; the failures are its refusals";
    for (KeyStats ks : new ArrayList<>(rooting)) {
      boolean refusedToo = ks.firstRoot >= from - ONSET_SLACK_MS && !ks.background && ks.mostlySay(REFUSED_AS_TOO_MANY);
      if ((ks == top || refusedToo) && ks != root && ks.symptomOf == null) {
        ks.becomeSymptomOf(root);
      }
    }
    return true;
  }

  /**
   * Independent failures in two or more services that began within minutes after a service
   * they all stand behind changed its configuration (a connection pooler re-reading its config
   * in a new mode): the change is their common cause. The changed service must not be failing
   * itself; of several changes the last before the failures is the nearest.
   *
   * @return whether the ranking changed
   */
  boolean findSharedChange(List<KeyStats> rooting) {
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
    KeyStats root = Rooting.actingRoot(observed, rooting, changed, change.ts().toEpochMilli(), null);
    root.firstDetail = change;
    root.rootReason = changed + " changed its configuration" + Rooting.componentOf(change) + " at " + change.ts() + " (" + trim(change.message())
        + "); " + String.join(" and ", failing) + " began failing " + Duration.ofMillis(began - change.ts().toEpochMilli()).toSeconds()
        + " s later";
    for (KeyStats ks : new ArrayList<>(rooting)) {
      if (failing.contains(ks.service) && ks.symptomOf == null && !ks.background && ks != root) {
        ks.becomeSymptomOf(root);
      }
    }
    return true;
  }

  boolean findBulkWriter(List<KeyStats> rooting) {
    Set<String> targets = targetsOf(observed.collisionReports);
    return findNewcomerHog(rooting, observed.writesCollided, newcomer -> namesAny(newcomer, targets),
        "writes began to collide with existing rows");
  }

  /**
   * Statements that ran out of time (a statement timeout) while a newcomer that began shortly
   * before ran its own work on that database (its sessions are in the database's log, or it names
   * the database the failures name): the newcomer's load starved them.
   *
   * @return whether the ranking changed
   */
  boolean findQueryHog(List<KeyStats> rooting) {
    KeyStats top = Rooting.leading(rooting);
    KeyStats face = Rooting.face(top, rooting);
    if (face == null || !face.mostlySay(STATEMENT_TIMEOUT)) {
      return false;
    }
    Map<String, Long> timedOut = new HashMap<>();
    Map<String, LogRecord> reports = new HashMap<>();
    for (KeyStats ks : rooting) {
      if (!ks.background && !ks.samples.isEmpty() && (ks == face || ks.mostlySay(STATEMENT_TIMEOUT))) {
        timedOut.merge(ks.service, ks.firstRoot, Math::min);
        reports.putIfAbsent(ks.service, ks.samples.get(0));
      }
    }
    Set<String> targets = targetsOf(reports);
    Set<String> sessions = new HashSet<>(observed.backendApps.values());
    return findNewcomerHog(rooting, timedOut, newcomer -> !targets.contains(newcomer) && !isDatabase(newcomer)
        && (sessions.contains(newcomer) || namesAny(newcomer, targets)), "statements began to time out");
  }

  /** Whether a service's first records are a database's, its sessions' lines ({@code user@db}). */
  private boolean isDatabase(String service) {
    for (LogRecord r : observed.recordsBy.get(service).early) {
      if (CausalAnalyzer.sessionUser(r.component()) != null) {
        return true;
      }
    }
    return false;
  }

  /** @param worksOn whether a newcomer works on what the reports are about */
  boolean findNewcomerHog(List<KeyStats> rooting, Map<String, Long> reportedAt, Predicate<String> worksOn, String what) {
    if (reportedAt.isEmpty()) {
      return false;
    }
    long exhausted = reportedAt.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    String hog = null;
    long hogStart = Long.MIN_VALUE;
    for (Map.Entry<String, Long> e : observed.firstSeen.entrySet()) {
      long started = e.getValue();
      if (!reportedAt.containsKey(e.getKey()) && started > observed.minTs + NEWCOMER_AFTER_MS
          && started <= exhausted && exhausted - started <= HOG_LEAD_MS && observed.recordsBy.get(e.getKey()).count >= 3
          && (started > hogStart || started == hogStart && e.getKey().compareTo(hog) < 0)
          && worksOn.test(e.getKey())) {
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
  Set<String> targetsOf(Map<String, LogRecord> reports) {
    ServiceMentions mentions = new ServiceMentions(observed.firstSeen.keySet());
    Set<String> targets = new HashSet<>(reports.keySet());
    for (Map.Entry<String, LogRecord> e : reports.entrySet()) {
      targets.addAll(mentions.in(e.getValue().raw(), e.getKey()));
    }
    return targets;
  }

  /** Whether the service's first records name one of {@code targets}. */
  boolean namesAny(String service, Set<String> targets) {
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
  void blameExhaustion(String culprit, long since, Map<String, Long> reportedAt, KeyStats top,
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
        ks.becomeSymptomOf(root);
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
  boolean findStaleSource(List<KeyStats> rooting) {
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
    top.becomeSymptomOf(source);
    source.firstEffective = Math.min(source.firstEffective, source.firstRoot);
    return true;
  }

  /** The first duration in a stale-data message, or -1. */
  static long ageMillis(String message) {
    Matcher m = STALE_AGE.matcher(message);
    if (!m.find()) {
      return -1;
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    double millis = unit.equals("ms") ? n : unit.startsWith("s") ? n * 1000 : unit.startsWith("h") ? n * 3_600_000 : n * 60_000;
    return (long) millis;
  }
}
