package dev.selfheal.activities.diagnosis;

import static dev.selfheal.activities.diagnosis.CausalAnalyzer.ONSET_SLACK_MS;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.head;
import static dev.selfheal.activities.diagnosis.CausalAnalyzer.trim;
import static dev.selfheal.activities.diagnosis.TroubleWords.DATA_REJECTED;

import dev.selfheal.activities.logs.LogRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reader that suddenly cannot read what it is sent, right after its sender shipped a new
 * release, reads what that release sends: the contract changed (a field's type, a schema), and
 * the fix is in the sender. When the leading failures are a reader rejecting data, and shortly
 * before another service's new version went live whose first records name the channel the
 * failures name (a topic, a queue, a feed), that service is the root.
 */
final class ReleaseDataRule {
  /** A release this long before the first failure could have sent what they choke on. */
  private static final long RELEASE_LEAD_MS = Duration.ofMinutes(30).toMillis();
  /** A topic, queue or feed name: dotted words ({@code checkout.completed}, {@code orders-v2.events}). */
  private static final Pattern CHANNEL = Pattern.compile("(?<![\\w./-])[a-z][a-z0-9_-]{2,40}(?:\\.[a-z0-9_-]{2,40}){1,3}(?![\\w/])");
  /** Package roots and file kinds: dotted, but no channel. */
  private static final Pattern NOT_CHANNEL = Pattern.compile(
      "^(?:com|org|io|java|javax|jdk|sun|net|kotlin|scala|dev|android|www)\\..*|.*\\.(?:java|py|js|ts|go|rb|json|yaml|yml|xml|html|log|svc|local|internal|com|net|io|org)$");
  private final LogObservations observed;

  ReleaseDataRule(LogObservations observed) {
    this.observed = observed;
  }

  /** @return whether the ranking changed */
  boolean apply(List<KeyStats> rooting) {
    KeyStats top = Rooting.leading(rooting);
    KeyStats face = Rooting.face(top, rooting);
    if (face == null || !DATA_REJECTED.matcher(face.simpleType).find() && !face.mostlySay(DATA_REJECTED)) {
      return false;
    }
    Set<String> channels = new HashSet<>();
    for (LogRecord r : face.samples) {
      channels.addAll(channels(r.message() + "\n" + (r.raw() == null ? "" : head(r.raw()))));
    }
    if (channels.isEmpty()) {
      return false;
    }
    long failuresAt = Rooting.firstFailure(top, rooting);
    for (Map.Entry<String, Map<String, long[]>> e : new TreeMap<>(observed.versions).entrySet()) {
      String sender = e.getKey();
      if (sender.equals(face.service) || sender.equals(top.service) || e.getValue().size() < 2) {
        continue;
      }
      for (Map.Entry<String, long[]> v : new TreeMap<>(e.getValue()).entrySet()) {
        long live = v.getValue()[0];
        if (live > failuresAt + ONSET_SLACK_MS || failuresAt - live > RELEASE_LEAD_MS || !newest(e.getValue(), live)) {
          continue;
        }
        for (LogRecord said : observed.releaseRecords.getOrDefault(sender + ' ' + v.getKey(), List.of())) {
          String shared = sharedChannel(said.message(), channels);
          if (shared != null) {
            blame(sender, v.getKey(), live, said, shared, face, top, rooting);
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Whether {@code live} is after some other version's first record: a change, not the only release seen. */
  private static boolean newest(Map<String, long[]> versions, long live) {
    for (long[] other : versions.values()) {
      if (other[0] < live) {
        return true;
      }
    }
    return false;
  }

  private void blame(String sender, String version, long live, LogRecord said, String channel, KeyStats face, KeyStats top,
      List<KeyStats> rooting) {
    KeyStats root = Rooting.actingRoot(observed, rooting, sender, live, said);
    root.firstDetail = said;
    root.rootReason = sender + " " + version + " went live at " + Instant.ofEpochMilli(live) + " sending on " + channel + " ("
        + trim(said.message()) + "); " + face.service + " then could not read what came on it ("
        + (face.simpleType.isEmpty() ? "no error type" : face.simpleType) + ")";
    Rooting.blame(root, top, face);
  }

  static Set<String> channels(String text) {
    Set<String> found = new HashSet<>();
    Matcher m = CHANNEL.matcher(text);
    while (m.find() && found.size() < 64) {
      if (!NOT_CHANNEL.matcher(m.group()).matches()) {
        found.add(m.group());
      }
    }
    return found;
  }

  private static String sharedChannel(String message, Set<String> channels) {
    if (message == null) {
      return null;
    }
    for (String c : channels(message)) {
      if (channels.contains(c)) {
        return c;
      }
    }
    return null;
  }
}
