package dev.selfheal.activities.diagnosis;

import static dev.selfheal.activities.diagnosis.CausalAnalyzer.HOG_LEAD_MS;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.HOST_LEAD_MS;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.NEWCOMER_AFTER_MS;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.ONSET_SLACK_MS;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.trim;
import static dev.selfheal.activities.diagnosis.TroubleWords.NETWORK_TROUBLE;
import static dev.selfheal.activities.diagnosis.TroubleWords.REMOTE_FAILURE;
import static dev.selfheal.activities.diagnosis.TroubleWords.speaksForHost;

import dev.selfheal.activities.logs.AccessLogLines;
import dev.selfheal.activities.logs.LogRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A machine in trouble (a stalled CPU, a clock that jumped, failing storage, a fan gone, a
 * network path dropping packets) breaks what runs on it or through it in ways that look like the
 * software's fault. When a host's own log reported such trouble shortly before the failures, and
 * a workload placed on it (a pod, a guest, its own program) or a service that depends on it
 * failed right after, the host is the root.
 */
final class HostTroubleRule {
  /** A workload whose first trouble came within this after its host's was hit by it. */
  private static final long HOST_EFFECT_MS = Duration.ofMinutes(5).toMillis();
  /** Trouble that began up to this long before the failures counts if the host was still reporting it when they began. */
  private static final long GOING_ON_LEAD_MS = Duration.ofMinutes(30).toMillis();
  private final LogObservations observed;
  private final RootNaming naming;

  HostTroubleRule(LogObservations observed, RootNaming naming) {
    this.observed = observed;
    this.naming = naming;
  }

  /**
   * A machine in trouble (a stalled CPU, a clock that jumped, failing storage) breaks what runs
   * on it in ways that look like the software's fault: tokens "used before issued", timeouts,
   * corrupt reads. When a host's own log reported such trouble shortly before the incident's
   * onset, in a window where it had not before, and a workload Kubernetes placed on that host
   * had its first warning or failure right after, the host is the root: the leading candidate
   * and that workload are its symptoms.
   *
   * @return whether the ranking changed
   */
  boolean apply(List<KeyStats> rooting, long onset) {
    KeyStats top = Rooting.leading(rooting);
    if (observed.hostTrouble.isEmpty() || top == null) {
      return false;
    }
    for (Map.Entry<String, LogRecord> e : new TreeMap<>(observed.hostTrouble).entrySet()) {
      String host = e.getKey();
      long troubleAt = e.getValue().ts().toEpochMilli();
      long failuresAt = Rooting.firstFailure(top, rooting);
      boolean near = justBefore(troubleAt, onset) || justBefore(troubleAt, failuresAt);
      // trouble that began a while before and was still being reported as the failures began (a
      // fan gone, then the CPUs too hot): its workloads are hit around the failures' start
      long start = Math.min(onset, failuresAt);
      boolean goingOn = !near && troubleAt >= start - GOING_ON_LEAD_MS && reportedAround(host, start);
      if (troubleAt <= observed.minTs + NEWCOMER_AFTER_MS || !near && !goingOn) {
        continue; // there all along, long before the incident, or after it began
      }
      long hitFrom = near ? troubleAt - ONSET_SLACK_MS : start - HOST_EFFECT_MS;
      long hitTo = near ? troubleAt + HOST_EFFECT_MS : start + HOST_EFFECT_MS;
      String root = observed.firstSeen.containsKey(host) ? host : e.getValue().service();
      // what runs on it: its pods, and the program that shares its name (a broker on its own box)
      List<String> residents = new ArrayList<>();
      for (Map.Entry<String, Set<String>> placed : new TreeMap<>(observed.placements).entrySet()) {
        if (placed.getValue().contains(host)) {
          residents.add(placed.getKey());
        }
      }
      residents.add(root);
      residents.addAll(namingHost(host, rooting)); // pods whose own failures say which node they ran on
      residents.addAll(guestsOf(root)); // virtual machines a hypervisor's own records name
      String hit = null;
      long hitAt = -1;
      for (String resident : residents) {
        hitAt = troubleBegan(resident, rooting, hitFrom, hitTo, goingOn);
        if (hitAt >= 0) {
          hit = resident;
          break;
        }
      }
      // a resident that did not fail itself, but whose work others refused right after (the
      // tokens an issuer on a machine whose clock jumped signed): those failures name it. Here a
      // service whose first records name the machine counts as running on it too.
      Map<String, Long> naming = Map.of();
      List<String> named = new ArrayList<>(residents);
      if (hit == null) {
        named.addAll(sayingTheyRunOn(host));
      }
      for (int i = 0; hit == null && i < named.size(); i++) {
        if (!named.get(i).equals(root)) {
          naming = troubledNaming(named.get(i), rooting, hitFrom, hitTo);
          if (!naming.isEmpty()) {
            hit = named.get(i);
            hitAt = naming.values().stream().mapToLong(Long::longValue).min().getAsLong();
          }
        }
      }
      // machines depend on it: its traffic (a gateway dropping packets) or its storage (a file
      // server other kernels find not responding) was the leading failure's
      boolean network = NETWORK_TROUBLE.matcher(e.getValue().message()).find();
      boolean dependedOn = network && remoteFailureIn(top, rooting) || observed.unresponsive.contains(host);
      if (hit == null && dependedOn) {
        hitAt = troubleBegan(top.service, rooting, hitFrom, hitTo, goingOn);
        if (hitAt < 0 && failuresAt >= hitFrom && failuresAt <= hitTo) {
          hitAt = failuresAt; // its callers' failures showed it first
        }
        hit = hitAt >= 0 ? top.service : null;
      }
      if (hit == null) {
        continue;
      }
      // the host's own failure, not its proxy's 5xx answers, which are others' failures passed on
      KeyStats hostRoot = Rooting.bestOf(observed, root, rooting, ks -> !ks.background && ks.errorType != null
          && !AccessLogLines.isServerError(ks.errorType), null);
      if (!rooting.contains(hostRoot)) {
        rooting.add(hostRoot);
      }
      hostRoot.firstRoot = Math.min(hostRoot.firstRoot, troubleAt);
      if (hostRoot.firstDetail == null) {
        hostRoot.firstDetail = e.getValue();
      }
      long after = Duration.ofMillis(hitAt - troubleAt).toSeconds();
      LogRecord change = Rooting.lastBefore(observed.configChanges.get(host), troubleAt, HOG_LEAD_MS);
      hostRoot.rootReason = root + " reported trouble at " + Instant.ofEpochMilli(troubleAt) + " ("
          + trim(e.getValue().message()) + ")" + (change == null ? "" : " after a change (" + trim(change.message()) + ")") + "; "
          + (hit.equals(root) ? "its own failures began " : dependedOn ? hit + ", which depends on it, began failing "
              : !naming.isEmpty() ? String.join(", ", naming.keySet()) + " began failing over " + hit + ", which runs on it, "
              : hit + ", placed on it, began failing ") + after + " s later";
      // the leading failure wherever it shows (every broker refusing writes), and the residents'
      for (KeyStats ks : new ArrayList<>(rooting)) {
        boolean victim = ks == top || ks.service.equals(hit) || naming.containsKey(ks.service)
            || !top.simpleType.isEmpty() && ks.simpleType.equals(top.simpleType)
            || network && isRemoteFailure(ks) && ks.firstRoot >= troubleAt - ONSET_SLACK_MS && ks.firstRoot <= troubleAt + HOST_EFFECT_MS;
        if (victim && ks != hostRoot && ks.symptomOf == null && !ks.background) {
          ks.becomeSymptomOf(hostRoot);
        }
      }
      return true;
    }
    return false;
  }

  /** Services, in name order, that {@code host}'s first records name: a hypervisor listing its guests. */
  Set<String> guestsOf(String host) {
    ServiceRecords said = observed.recordsBy.get(host);
    Set<String> guests = new TreeSet<>();
    if (said != null) {
      ServiceMentions mentions = new ServiceMentions(observed.firstSeen.keySet());
      for (LogRecord r : said.early) {
        guests.addAll(mentions.in(r.message(), host));
      }
    }
    return guests;
  }

  /** Services, in name order, whose first records name {@code host}: a start-up line saying where it runs. */
  Set<String> sayingTheyRunOn(String host) {
    Pattern named = hostWord(host);
    Set<String> services = new TreeSet<>();
    for (Map.Entry<String, ServiceRecords> e : observed.recordsBy.entrySet()) {
      if (e.getKey().equals(host)) {
        continue;
      }
      for (LogRecord r : e.getValue().early) {
        if (r.raw() != null && named.matcher(r.raw()).find()) {
          services.add(e.getKey());
          break;
        }
      }
    }
    return services;
  }

  /**
   * Other services that got into trouble from {@code from} to {@code to} saying so in words that
   * name {@code resident}: most of a failing key's sampled records, or most of a service's first
   * warnings in that time (a gateway rejecting, at WARN, tokens the resident issued). Each with
   * when its trouble began.
   */
  private Map<String, Long> troubledNaming(String resident, List<KeyStats> rooting, long from, long to) {
    ServiceMentions mentions = new ServiceMentions(List.of(resident));
    Map<String, Long> troubled = new TreeMap<>();
    for (KeyStats ks : rooting) {
      if (ks.service.equals(resident) || ks.background || ks.symptomOf != null || ks.firstRoot < from || ks.firstRoot > to
          || ks.samples.isEmpty()) {
        continue;
      }
      int named = 0;
      for (LogRecord r : ks.samples) {
        named += names(mentions, r, ks.service) ? 1 : 0;
      }
      if (named * 2 > ks.samples.size()) {
        troubled.merge(ks.service, ks.firstRoot, Math::min);
      }
    }
    for (Map.Entry<String, ServiceActivity> e : observed.activity.entrySet()) {
      ServiceActivity said = e.getValue();
      int inWindow = 0;
      int named = 0;
      long first = Long.MAX_VALUE;
      for (int i = 0; i < said.warnings.size(); i++) {
        long t = said.warningTimes.get(i);
        if (t >= from && t <= to && !e.getKey().equals(resident)) {
          inWindow++;
          if (names(mentions, said.warnings.get(i), e.getKey())) {
            named++;
            first = Math.min(first, t);
          }
        }
      }
      if (inWindow > 0 && named * 2 > inWindow) {
        troubled.merge(e.getKey(), first, Math::min);
      }
    }
    return troubled;
  }

  private static boolean names(ServiceMentions mentions, LogRecord r, String self) {
    return !mentions.in(r.message() + "\n" + (r.raw() == null ? "" : CausalAnalyzer.head(r.raw())), self).isEmpty();
  }

  private static Pattern hostWord(String host) {
    return Pattern.compile("(?<![\\w.-])" + Pattern.quote(host) + "(?![\\w-])");
  }

  /** Services, in name order, whose sampled failures name {@code host} (a pod's {@code "node":"ip-10-8-2-19"}). */
  static Set<String> namingHost(String host, List<KeyStats> rooting) {
    Pattern named = hostWord(host);
    Set<String> services = new TreeSet<>();
    for (KeyStats ks : rooting) {
      for (LogRecord r : ks.samples) {
        if (!ks.service.equals(host) && r.raw() != null && named.matcher(r.raw()).find()) {
          services.add(ks.service);
          break;
        }
      }
    }
    return services;
  }

  /** Whether trouble at {@code troubleAt} came shortly enough before {@code failuresAt} to be their cause. */
  static boolean justBefore(long troubleAt, long failuresAt) {
    return troubleAt >= failuresAt - HOST_LEAD_MS && troubleAt <= failuresAt + ONSET_SLACK_MS;
  }

  /** Whether the leading failure, or a failure it was found to cause, is a call that failed (a timeout, a reset). */
  boolean remoteFailureIn(KeyStats top, List<KeyStats> rooting) {
    if (isRemoteFailure(top)) {
      return true;
    }
    for (KeyStats ks : rooting) {
      if (ks.symptomOf == top && isRemoteFailure(ks)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a key's failures are calls to something else failing: timeouts, refused or reset connections. */
  boolean isRemoteFailure(KeyStats ks) {
    String cause = naming.deepestCause(ks);
    if (REMOTE_FAILURE.matcher(ks.simpleType).find() || cause != null && REMOTE_FAILURE.matcher(cause).find()) {
      return true;
    }
    if (!ks.simpleType.isEmpty()) {
      return false;
    }
    int remote = 0; // no type: what most of its records say
    for (LogRecord r : ks.samples) {
      if (REMOTE_FAILURE.matcher(r.message()).find()) {
        remote++;
      }
    }
    return remote * 2 > ks.samples.size();
  }

  /** Whether the host reported trouble from a minute before {@code start} to minutes after it. */
  boolean reportedAround(String host, long start) {
    for (long t : observed.hostTroubleTimes.getOrDefault(host, List.of())) {
      if (t >= start - ONSET_SLACK_MS && t <= start + HOST_EFFECT_MS) {
        return true;
      }
    }
    return false;
  }

  /**
   * When {@code service} first got into trouble from {@code from} to {@code to} (its first
   * warning or failure ever, or a new failure of its own; with {@code anyWarning}, any of its
   * first warnings, since one that went on for a while may have warned of other things before),
   * else -1.
   */
  long troubleBegan(String service, List<KeyStats> rooting, long from, long to, boolean anyWarning) {
    ServiceActivity own = observed.activity.get(service);
    // what speaks for the machine (its kernel) reports the trouble; it is not a workload hit by it
    if (own != null && own.first >= from && own.first <= to && !speaksForHost(own.firstRecord.component())) {
      return own.first;
    }
    if (own != null && anyWarning) {
      for (int i = 0; i < own.warnings.size(); i++) {
        long t = own.warningTimes.get(i);
        if (t >= from && t <= to && !speaksForHost(own.warnings.get(i).component())) {
          return t;
        }
      }
    }
    long began = -1;
    for (KeyStats ks : rooting) {
      if (ks.service.equals(service) && !ks.background && ks.firstRoot >= from && ks.firstRoot <= to
          && (began < 0 || ks.firstRoot < began) && !speaksForHost(ks.example().component())) {
        began = ks.firstRoot;
      }
    }
    return began;
  }
}
