package dev.selfheal.activities.diagnosis;

import dev.selfheal.activities.logs.LogRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Per (service, error type): what ingestion saw, then what scoring concluded. */
final class KeyStats {
  final String key;
  final String service;
  final String errorType;
  final String simpleType;
  final long firstSeq;
  long events;
  int details;
  LogRecord firstDetail;

  int rooted;
  /** Rooted groups whose root record names a cause (caused_by) that is not in the logs. */
  int unresolved;
  int linked;
  int touchingAlert;
  int before;
  int after;
  /** Whether {@code cause} is somewhere up this one's chain of symptoms. */
  boolean isSymptomOf(KeyStats cause) {
    Set<KeyStats> seen = new HashSet<>();
    for (KeyStats up = symptomOf; up != null && seen.add(up); up = up.symptomOf) {
      if (up == cause) {
        return true;
      }
    }
    return false;
  }

  /**
   * Makes this the symptom of {@code cause}, which takes in its weight; refused (false) when
   * {@code cause} is this or already its symptom, so blame never goes round in a circle.
   */
  boolean becomeSymptomOf(KeyStats cause) {
    if (cause == this || cause.isSymptomOf(this)) {
      return false;
    }
    symptomOf = cause;
    cause.absorb(this);
    return true;
  }

  /** Takes in an effect's weight and groups, its own and what it had taken in: it is this one's symptom. */
  void absorb(KeyStats effect) {
    inferredWeight += effect.directWeight + effect.inferredWeight;
    inferredGroups += effect.rooted + effect.inferredGroups;
  }

  /** Start times of the groups it roots; sorted by {@link #sortedStarts()}. */
  private long[] starts = new long[4];
  long firstRoot = Long.MAX_VALUE;
  long firstEffective = Long.MAX_VALUE;
  ErrorEvent earliestRootWithDetail;
  double directWeight;
  double inferredWeight;
  int inferredGroups;
  int asLinkedEffect;
  final Map<String, Integer> effectOf = new HashMap<>(2);
  boolean background;
  /** The database session user its records name ({@code invoice_writer@billing}), or null. */
  String sessionUser;
  KeyStats symptomOf;
  double score;
  /** The first records of this key, for reading what they say (who they call, what caused them). */
  final List<LogRecord> samples = new ArrayList<>(4);
  /** For a root found by what it did rather than by a failure of its own: why it is the root. */
  String rootReason;
  /** Per other key: how many of this key's errors repeat an id that key's errors carried shortly before. */
  final Map<KeyStats, Integer> sharesIdsWith = new HashMap<>(2);

  KeyStats(String key, String service, String errorType, long firstSeq) {
    this.key = key;
    this.service = service;
    this.errorType = errorType;
    this.simpleType = errorType == null ? "" : LogRecord.simpleName(errorType);
    this.firstSeq = firstSeq;
  }

  void addStart(long millis) {
    if (rooted > starts.length) {
      starts = Arrays.copyOf(starts, starts.length * 2);
    }
    starts[rooted - 1] = millis;
  }

  long[] sortedStarts() {
    long[] sorted = Arrays.copyOf(starts, rooted);
    Arrays.sort(sorted);
    return sorted;
  }

  /** Whether most of its sampled failures say what {@code words} match, in their text or their cause chain. */
  boolean mostlySay(Pattern words) {
    int saying = 0;
    for (LogRecord r : samples) {
      if (words.matcher(r.message() + "\n" + (r.raw() == null ? "" : CausalAnalyzer.head(r.raw())) + "\n"
          + (r.causedBy() == null ? "" : r.causedBy())).find()) {
        saying++;
      }
    }
    return saying * 2 > samples.size();
  }

  LogRecord example() {
    return earliestRootWithDetail != null ? earliestRootWithDetail.detail : firstDetail;
  }
}
