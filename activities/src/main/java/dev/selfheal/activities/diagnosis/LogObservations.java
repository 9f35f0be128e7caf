package dev.selfheal.activities.diagnosis;

import static dev.selfheal.activities.diagnosis.CausalAnalyzer.DETAILS_PER_KEY;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.NO_TYPES;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.causeTypes;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.head;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.ids;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.sessionUser;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.shortHost;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.untypedKind;
import static dev.selfheal.activities.diagnosis.TroubleWords.ADDRESS_CLAIM;
import static dev.selfheal.activities.diagnosis.TroubleWords.ADDRESS_CONFLICT;
import static dev.selfheal.activities.diagnosis.TroubleWords.ANSWERED_429;
import static dev.selfheal.activities.diagnosis.TroubleWords.BROKER_ALARM;
import static dev.selfheal.activities.diagnosis.TroubleWords.CAPACITY_EXHAUSTED;
import static dev.selfheal.activities.diagnosis.TroubleWords.CLIENT_SPOKE_WRONG;
import static dev.selfheal.activities.diagnosis.TroubleWords.CONFIG_CHANGE;
import static dev.selfheal.activities.diagnosis.TroubleWords.CONNECTIONS_EXHAUSTED;
import static dev.selfheal.activities.diagnosis.TroubleWords.DISK_FULL;
import static dev.selfheal.activities.diagnosis.TroubleWords.HOST_TROUBLE;
import static dev.selfheal.activities.diagnosis.TroubleWords.LET_THROUGH;
import static dev.selfheal.activities.diagnosis.TroubleWords.NETWORK_TROUBLE;
import static dev.selfheal.activities.diagnosis.TroubleWords.RECONNECTING;
import static dev.selfheal.activities.diagnosis.TroubleWords.SCHEDULED;
import static dev.selfheal.activities.diagnosis.TroubleWords.SCHEMA_CHANGE;
import static dev.selfheal.activities.diagnosis.TroubleWords.SERVER_NOT_RESPONDING;
import static dev.selfheal.activities.diagnosis.TroubleWords.STOPPING;
import static dev.selfheal.activities.diagnosis.TroubleWords.SYSTEMD_UNIT;
import static dev.selfheal.activities.diagnosis.TroubleWords.WRITES_COLLIDE;
import static dev.selfheal.activities.diagnosis.TroubleWords.mayMentionAddress;
import static dev.selfheal.activities.diagnosis.TroubleWords.mayMentionCapacity;
import static dev.selfheal.activities.diagnosis.TroubleWords.mayMentionConnectionLimit;
import static dev.selfheal.activities.diagnosis.TroubleWords.mayMentionDiskFull;
import static dev.selfheal.activities.diagnosis.TroubleWords.mayMentionLetThrough;
import static dev.selfheal.activities.diagnosis.TroubleWords.mayMentionNetworkTrouble;
import static dev.selfheal.activities.diagnosis.TroubleWords.mayMentionProtocol;
import static dev.selfheal.activities.diagnosis.TroubleWords.mayMentionReconnecting;
import static dev.selfheal.activities.diagnosis.TroubleWords.mayMentionSchemaChange;
import static dev.selfheal.activities.diagnosis.TroubleWords.mayMentionStopping;
import static dev.selfheal.activities.diagnosis.TroubleWords.speaksForHost;

import dev.selfheal.activities.logs.AccessLogLines;
import dev.selfheal.activities.logs.DeployChanges;
import dev.selfheal.activities.logs.LogRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What ingestion saw of an incident's records, in one pass and bounded memory: per (service,
 * error type) counts and a few full records, each service's first records and warnings, the
 * reports of exhausted resources, machine trouble, throttling and configuration changes that the
 * analyzer's rules read, deploy versions, ids that tie errors together, and the error events
 * grouped by trace for linking. Single-threaded; one per analysis.
 */
final class LogObservations {
  private static final int MAX_IDS = 200_000;
  /** A postgres line's prefix: {@code [31877] maint@billing pg-maint LOG:} (pid, user, database, application). */
  private static final Pattern PG_SESSION = Pattern.compile("\\[(\\d{1,9})\\] (\\w*)@\\w* ([\\w.-]+) [A-Z]+: ");
  private static final Pattern LOCK_HOLDER = Pattern.compile("Process holding the lock: (\\d{1,9})");
  /**
   * An iptables/nftables LOG line for a packet a rule dropped or rejected (its prefix says so):
   * {@code ..._DROP: IN=eth1 OUT=eth0 SRC=10.0.2.15 DST=198.51.100.14 ...}, the destination.
   */
  private static final Pattern PACKET_DROPPED = Pattern.compile(
      "(?i)(?:drop|reject|deny|denied|block)\\w*[^\\n]{0,60}\\bIN=\\S*[^\\n]{0,200}? DST=(\\d{1,3}(?:\\.\\d{1,3}){3})\\b");
  private static final Pattern PROBE_REQUEST = Pattern.compile("(?:GET|HEAD) /(?:healthz?|health/\\w+|readyz?|livez?|ping)\\b");

  final Map<String, String> interned = new HashMap<>();
  final Map<String, String[]> causeTypeCache = new HashMap<>();
  final Map<String, Map<String, KeyStats>> statsByServiceType = new HashMap<>();
  final Map<String, KeyStats> statsByKey = new HashMap<>();
  final Map<String, Map<String, long[]>> versions = new HashMap<>();
  /** Per "service version": its first records, what a release did first (the topic it published to). */
  final Map<String, List<LogRecord>> releaseRecords = new HashMap<>();
  static final int RELEASE_RECORDS = 16;
  final Map<String, ServiceActivity> activity = new HashMap<>();
  /** When each service logged first, anything at all. */
  final Map<String, Long> firstSeen = new HashMap<>();
  /** Each service's first record, the evidence for a root that logged no failure. */
  final Map<String, LogRecord> firstRecords = new HashMap<>();
  /** When each service first said its disk was full. */
  final Map<String, Long> diskFull = new HashMap<>();
  /** The record with which each service first said so. */
  final Map<String, LogRecord> diskFullRecords = new HashMap<>();
  /** When each service first said a server had no connection slot left for it. */
  final Map<String, Long> connectionsExhausted = new HashMap<>();
  /** When each service first said a server refused work for lack of capacity, and the record it said it with. */
  final Map<String, Long> capacityExhausted = new HashMap<>();
  final Map<String, LogRecord> capacityReports = new HashMap<>();
  /** When each service first said a write collided with a row already there, and the record. */
  final Map<String, Long> writesCollided = new HashMap<>();
  final Map<String, LogRecord> collisionReports = new HashMap<>();

  /** When each server first said a client spoke the wrong protocol to it (TLS to a plain port). */
  final Map<String, Long> clientSpokeWrong = new HashMap<>();
  /** When each service first answered a request with 429 (its access log), and the line. */
  /** Per service: when it first warned that it let bad data through, and with which record. */
  final Map<String, Long> letThrough = new HashMap<>();
  final Map<String, LogRecord> letThroughReports = new HashMap<>();
  /** Per service: the records saying it was being stopped (to restart), and its clients' records of reconnecting. */
  final Map<String, List<LogRecord>> stopping = new HashMap<>();
  final Map<String, List<LogRecord>> reconnecting = new HashMap<>();
  /** Per destination address: the machines whose packet filter logged dropping traffic to it, each with its first such record. */
  final Map<String, Map<String, LogRecord>> droppedPackets = new HashMap<>();
  /** Per IP address: the first report that two machines answered for it. */
  final Map<String, LogRecord> addressConflicts = new HashMap<>();
  /** Per IP address: the services that said they took it, with the record that said so first. */
  final Map<String, Map<String, LogRecord>> addressClaims = new HashMap<>();
  final Map<String, Long> throttled = new HashMap<>();
  final Map<String, LogRecord> throttleAnswers = new HashMap<>();
  /** Schema changes (DDL) in any service's records, the first few hundred: a migration's, or a database's statement log. */
  final List<LogRecord> schemaChanges = new ArrayList<>();
  /** Per service: its configuration changes (a reload with a new revision), the first few. */
  final Map<String, List<LogRecord>> configChanges = new HashMap<>();

  /** Per postgres backend pid: the application it ran for. */
  final Map<String, String> backendApps = new HashMap<>();
  /** Per backend pid the database named as holding a lock others waited for: how often. */
  final Map<String, Integer> lockHolders = new HashMap<>();
  /** Per host (short name): its first record saying the machine itself is in trouble. */
  final Map<String, LogRecord> hostTrouble = new HashMap<>();
  /** Per host: when it reported trouble (the first few hundred times), to tell trouble that went on from a blip. */
  final Map<String, List<Long>> hostTroubleTimes = new HashMap<>();
  /** Per host: the systemd units its journal names, the programs it runs. */
  final Map<String, Set<String>> hostUnits = new HashMap<>();
  /** Hosts (short names) another machine's kernel found not responding. */
  final Set<String> unresponsive = new HashSet<>();
  /** Per workload: the hosts (short names) Kubernetes placed its pods on. */
  final Map<String, Set<String>> placements = new HashMap<>();
  /** Per service, any level: how many records (a newcomer that logged once is not an active job), and its first few. */
  final Map<String, ServiceRecords> recordsBy = new HashMap<>();
  /** Deploys per service, from the change records the log window carries. */
  final Map<String, List<LogRecord>> changes = new HashMap<>();
  /** Per id (order, job, request number) in an error: which keys carried it, and when each first did. */
  final Map<String, IdSightings> idSightings = new HashMap<>();
  Map<String, CausalGroup> traced = new HashMap<>();
  Map<String, List<ErrorEvent>> untraced = new HashMap<>();
  long records;
  long errors;
  long minTs = Long.MAX_VALUE;
  long maxTs = Long.MIN_VALUE;

  /** Strings repeat across millions of records; beyond a cap they are unlikely to. */
  String intern(String s) {
    if (s == null) {
      return null;
    }
    String known = interned.get(s);
    if (known != null) {
      return known;
    }
    if (interned.size() < 200_000) {
      interned.put(s, s);
    }
    return s;
  }

  void accept(LogRecord r) {
    long ts;
    try {
      ts = r.ts().toEpochMilli();
    } catch (ArithmeticException e) {
      return; // a timestamp millions of years off says nothing about this incident
    }
    records++;
    minTs = Math.min(minTs, ts);
    maxTs = Math.max(maxTs, ts);
    if (r.deployVersion() != null) {
      long[] seen = versions.computeIfAbsent(intern(r.service()), k -> new HashMap<>(4))
          .computeIfAbsent(intern(r.deployVersion()), k -> new long[] {ts, ts});
      seen[0] = Math.min(seen[0], ts);
      seen[1] = Math.max(seen[1], ts);
      List<LogRecord> said = releaseRecords.computeIfAbsent(intern(r.service()) + ' ' + intern(r.deployVersion()),
          k -> new ArrayList<>(4));
      if (said.size() < RELEASE_RECORDS && releaseRecords.size() < 10_000) {
        said.add(r);
      }
    }
    Long seen = firstSeen.get(r.service());
    if (seen == null || ts < seen) {
      firstSeen.put(intern(r.service()), ts);
      firstRecords.put(intern(r.service()), r);
    }
    noteExhaustion(r, r.message(), ts);
    if (r.component() != null && r.component().indexOf('@') > 0) {
      noteLocks(r); // a database's session line
    }
    noteThrottleOrConfig(r, ts);
    recordsBy.computeIfAbsent(intern(r.service()), k -> new ServiceRecords()).add(ts, r);
    noteHost(r, ts);
    noteRestarts(r);
    if (r.message() != null && mayMentionAddress(r.message())) {
      noteAddress(r);
    }
    if (r.message() != null && r.message().indexOf(" DST=") > 0) {
      noteDroppedPacket(r, ts);
    }
    if (DeployChanges.LEVEL.equals(r.level())) {
      List<LogRecord> list = changes.computeIfAbsent(intern(r.service()), k -> new ArrayList<>(2));
      if (list.size() < 64) {
        list.add(r);
      }
      return;
    }
    if (r.isError() || "WARN".equals(r.level())) {
      activity.computeIfAbsent(intern(r.service()), k -> new ServiceActivity()).add(ts, r);
      if (r.message() != null && mayMentionProtocol(r.message()) && CLIENT_SPOKE_WRONG.matcher(r.message()).find()) {
        clientSpokeWrong.merge(intern(r.service()), ts, Math::min);
      }
      if ("WARN".equals(r.level()) && r.message() != null && mayMentionLetThrough(r.message())
          && LET_THROUGH.matcher(r.message()).find()) {
        firstReport(letThrough, letThroughReports, r, ts);
      }
    }
    boolean error = r.isError();
    if (!error && !newReleaseWarning(r)) {
      return;
    }
    // an error that names no type is told apart by what it says: old noise and the incident's
    // failures must not share one count just because neither has a class
    String session = sessionUser(r.component());
    // a proxy's 5xx to its own health probe is the flaky probe, not the traffic it fails
    String kind = r.errorType() == null ? untypedKind(session, r.message()) : probeAnswer(r) ? "~probe" : session;
    KeyStats ks = stats(r.service(), r.errorType(), kind);
    if (error) {
      errors++;
      ks.events++; // what the naive baseline counts: ERROR/FATAL only
    }
    noteIds(r.message(), ts, ks);
    ErrorEvent event = new ErrorEvent(ts, records, ks.key, ks.service, ks.errorType, ks.simpleType,
        r.spanId(), r.parentSpanId(), causeTypesOf(r.causedBy()), r.causedBy() != null);
    if (ks.details < DETAILS_PER_KEY && r.raw() != null) {
      // an error's own exception may say what its log line does not (OSError: [Errno 28] ...);
      // read for the first records of each error type only, as whole texts are long
      noteExhaustion(r, head(r.raw()), ts);
    }
    if (ks.details < DETAILS_PER_KEY) {
      event.detail = r;
      ks.details++;
      ks.samples.add(r);
      if (ks.firstDetail == null) {
        ks.firstDetail = r;
      }
    }
    if (r.traceId() != null) {
      traced.computeIfAbsent(r.traceId(), k -> new CausalGroup()).add(event);
    } else {
      untraced.computeIfAbsent(ks.service, k -> new ArrayList<>()).add(event);
    }
  }

  /**
   * A warning with an exception type, logged by a release that replaced an earlier one in this
   * window: frameworks log the exceptions they handle at WARN (Spring's "Resolved [...]"), and a
   * new release's handled exceptions are suspects, not noise.
   */
  boolean newReleaseWarning(LogRecord r) {
    if (r.errorType() == null || r.deployVersion() == null || !"WARN".equals(r.level())) {
      return false;
    }
    Map<String, long[]> seen = versions.get(r.service());
    long[] mine = seen == null ? null : seen.get(r.deployVersion());
    if (mine == null || seen.size() < 2) {
      return false;
    }
    for (long[] other : seen.values()) {
      if (other[0] < mine[0]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Remembers which postgres backend (pid) ran for which application, and which backends the
   * database named as holding a lock others waited for: a job's long lock is then nameable.
   */
  private void noteLocks(LogRecord r) {
    String raw = r.raw();
    if (raw == null || raw.indexOf("] ") < 0 || raw.indexOf('@') < 0) {
      return;
    }
    Matcher session = PG_SESSION.matcher(raw);
    if (!session.find()) {
      return;
    }
    String pid = session.group(1);
    if (backendApps.size() < 10_000) {
      backendApps.putIfAbsent(intern(pid), intern(session.group(3)));
    }
    if (raw.indexOf("holding the lock") > 0) {
      Matcher holder = LOCK_HOLDER.matcher(raw);
      if (holder.find() && lockHolders.size() < 1_000) {
        lockHolders.merge(intern(holder.group(1)), 1, Integer::sum);
      }
    }
  }

  /** Whether {@code r} is a proxy's 5xx answer to a health probe ({@code GET /healthz HTTP/1.1 503 UF}). */
  private static boolean probeAnswer(LogRecord r) {
    return AccessLogLines.isServerError(r.errorType()) && r.message() != null && PROBE_REQUEST.matcher(r.message()).lookingAt();
  }

  /** Remembers when each service first said a shared resource ran out: disk, connection slots, capacity. */
  void noteExhaustion(LogRecord r, String said, long ts) {
    if (mayMentionDiskFull(said) && DISK_FULL.matcher(said).find()) {
      firstReport(diskFull, diskFullRecords, r, ts);
    }
    if (mayMentionConnectionLimit(said) && CONNECTIONS_EXHAUSTED.matcher(said).find()) {
      connectionsExhausted.merge(intern(r.service()), ts, Math::min);
    }
    if (r.isError() && mayMentionCapacity(said) && CAPACITY_EXHAUSTED.matcher(said).find()
        || said.indexOf("alarm") > 0 && BROKER_ALARM.matcher(said).find()) {
      firstReport(capacityExhausted, capacityReports, r, ts); // a broker raises its alarm at WARN
    }
    if (r.isError() && (said.indexOf("uplicate") >= 0 || said.indexOf("UNIQUE") >= 0) && WRITES_COLLIDE.matcher(said).find()) {
      firstReport(writesCollided, collisionReports, r, ts);
    }
  }

  /** Remembers a service's own 429 answers, its configuration reloads and schema changes; every record passes here. */
  void noteThrottleOrConfig(LogRecord r, long ts) {
    String message = r.message();
    if (message == null || r.isError()) {
      return;
    }
    if (mayMentionSchemaChange(message) && SCHEMA_CHANGE.matcher(message).find() && schemaChanges.size() < 256) {
      schemaChanges.add(r);
    }
    if (message.indexOf(" 429") > 0 && ANSWERED_429.matcher(message).find()) {
      firstReport(throttled, throttleAnswers, r, ts);
    } else if ((message.indexOf("onfig") >= 0 || message.indexOf("eload") >= 0) && CONFIG_CHANGE.matcher(message).find()) {
      List<LogRecord> list = configChanges.computeIfAbsent(intern(r.service()), k -> new ArrayList<>(2));
      if (list.size() < 16) {
        list.add(r);
      }
    }
  }

  /** Remembers a program being stopped, and clients reconnecting: a restart's traces on both sides. */
  private void noteRestarts(LogRecord r) {
    String message = r.message();
    if (message == null) {
      return;
    }
    if (mayMentionStopping(message) && STOPPING.matcher(message).find()) {
      keep(stopping, r);
    } else if (mayMentionReconnecting(message) && RECONNECTING.matcher(message).find()) {
      keep(reconnecting, r);
    }
  }

  /** Remembers who said it took an IP address, and reports of two machines answering for one. */
  /** Remembers a packet filter's log of a packet it dropped or rejected, by destination address. */
  private void noteDroppedPacket(LogRecord r, long ts) {
    Matcher dropped = PACKET_DROPPED.matcher(r.message());
    if (dropped.find() && droppedPackets.size() < 10_000) {
      Map<String, LogRecord> byHost = droppedPackets.computeIfAbsent(intern(dropped.group(1)), k -> new HashMap<>(2));
      LogRecord before = byHost.get(r.service());
      if (before == null || ts < before.ts().toEpochMilli()) {
        byHost.put(intern(r.service()), r);
      }
    }
  }

  private void noteAddress(LogRecord r) {
    Matcher conflict = ADDRESS_CONFLICT.matcher(r.message());
    if (conflict.find()) {
      String ip = firstGroup(conflict);
      if (ip != null && addressConflicts.size() < 1_000) {
        addressConflicts.putIfAbsent(intern(ip), r);
      }
      return;
    }
    Matcher claim = ADDRESS_CLAIM.matcher(r.message());
    if (claim.find() && addressClaims.size() < 10_000) {
      addressClaims.computeIfAbsent(intern(firstGroup(claim)), k -> new HashMap<>(2)).putIfAbsent(intern(r.service()), r);
    }
  }

  private static String firstGroup(Matcher m) {
    for (int i = 1; i <= m.groupCount(); i++) {
      if (m.group(i) != null) {
        return m.group(i);
      }
    }
    return null;
  }

  private void keep(Map<String, List<LogRecord>> kept, LogRecord r) {
    List<LogRecord> list = kept.computeIfAbsent(intern(r.service()), k -> new ArrayList<>(2));
    if (list.size() < 256) {
      list.add(r);
    }
  }

  /** Keeps when, and with which record, the service first reported it. */
  void firstReport(Map<String, Long> reportedAt, Map<String, LogRecord> reports, LogRecord r, long ts) {
    Long before = reportedAt.get(r.service());
    if (before == null || ts < before) {
      reportedAt.put(intern(r.service()), ts);
      reports.put(intern(r.service()), r);
    }
  }

  /** Remembers machine trouble and pod placements; every record passes here, so fields are checked first. */
  void noteHost(LogRecord r, long ts) {
    String message = r.message();
    if (message == null) {
      return;
    }
    if ("Scheduled".equals(r.errorType())) {
      Matcher placed = SCHEDULED.matcher(message);
      if (placed.find() && placements.size() < 10_000) {
        placements.computeIfAbsent(intern(r.service()), k -> new HashSet<>(2)).add(intern(shortHost(placed.group(1))));
      }
    }
    String component = r.component();
    if (component != null && (component.endsWith(".service") || component.equals("systemd") && message.indexOf(".service") > 0)) {
      // systemd[1]: ws-gateway.service: Deactivated (read as the unit's own line) or Started x.service
      Matcher unit = SYSTEMD_UNIT.matcher(component.endsWith(".service") ? component : message);
      Set<String> units = hostUnits.computeIfAbsent(intern(r.service()), k -> new HashSet<>(4));
      if (unit.find() && units.size() < 64) {
        units.add(intern(unit.group(1)));
      }
    }
    if (speaksForHost(r.component()) && message.indexOf("not responding") >= 0) {
      Matcher server = SERVER_NOT_RESPONDING.matcher(message);
      if (server.find() && unresponsive.size() < 1_000) {
        unresponsive.add(intern(shortHost(server.group(1))));
      }
    }
    // a network daemon's words (charon, networkd, a firewall's flow daemon) are specific enough
    // to speak for the box whoever says them
    if ((speaksForHost(r.component()) && HOST_TROUBLE.matcher(message).find())
        || mayMentionNetworkTrouble(message) && NETWORK_TROUBLE.matcher(message).find()) {
      String host = shortHost(r.service());
      List<Long> times = hostTroubleTimes.computeIfAbsent(intern(host), k -> new ArrayList<>(2));
      if (times.size() < 256) {
        times.add(ts);
      }
      LogRecord before = hostTrouble.get(host);
      if (before == null || ts < before.ts().toEpochMilli()) {
        hostTrouble.put(intern(host), r);
      }
    }
  }

  /** Most caused_by values repeat verbatim; the few that carry ids only fill the cache to its cap. */
  String[] causeTypesOf(String causedBy) {
    if (causedBy == null) {
      return NO_TYPES;
    }
    String[] types = causeTypeCache.get(causedBy);
    if (types == null) {
      types = internAll(causeTypes(causedBy));
      if (causeTypeCache.size() < 50_000) {
        causeTypeCache.put(causedBy, types);
      }
    }
    return types;
  }

  String[] internAll(String[] types) {
    for (int i = 0; i < types.length; i++) {
      types[i] = intern(types[i]);
    }
    return types;
  }

  /** Notes the ids this error carries; who carried each first is settled at the end, whatever the file order. */
  void noteIds(String message, long ts, KeyStats ks) {
    for (String id : ids(message)) {
      IdSightings seen = idSightings.get(id);
      if (seen == null) {
        if (idSightings.size() >= MAX_IDS) {
          continue;
        }
        seen = new IdSightings();
        idSightings.put(id, seen);
      }
      seen.add(ks, ts);
    }
  }

  KeyStats stats(String service, String errorType) {
    return stats(service, errorType, null);
  }

  /**
   * @param kind what tells this service's errors of one type apart: a database session's user,
   *     or, for errors without a type, what they say ({@code ~} first)
   */
  KeyStats stats(String service, String errorType, String kind) {
    String type = (errorType == null ? "" : errorType) + (kind == null ? "" : "@" + kind);
    Map<String, KeyStats> byType = statsByServiceType.computeIfAbsent(service, k -> new HashMap<>());
    KeyStats ks = byType.get(type);
    if (ks == null) {
      String svc = intern(service);
      String key = intern(svc + '|' + type);
      ks = new KeyStats(key, svc, errorType == null ? null : intern(errorType), records);
      ks.sessionUser = kind == null || kind.startsWith("~") ? null : intern(kind.indexOf('~') > 0 ? kind.substring(0, kind.indexOf('~')) : kind);
      byType.put(intern(type), ks);
      statsByKey.put(key, ks);
    }
    return ks;
  }
}
