package dev.selfheal.activities.diagnosis;

import dev.selfheal.activities.logs.LogRecord;
import java.time.Instant;

/**
 * One (service, error type) that roots failing groups, as the analyzer ranked it.
 *
 * @param rootedGroups groups whose earliest link is this error type
 * @param linkedGroups of those, groups where other error types are linked to it (it caused
 *     something)
 * @param inferredGroups groups rooted by error types that are elsewhere seen as this one's
 *     effects, credited here at half weight
 * @param firstSeen the first group it roots
 * @param background recurring since before the incident at an unchanged rate and never a cause
 * @param symptomOf when this error type is elsewhere an effect of another, that one's label
 *     (as {@link #label()}); its groups were credited there
 * @param example a record of this type, preferably one that roots a group
 */
public record Candidate(
    String service,
    String errorType,
    String component,
    int rootedGroups,
    int linkedGroups,
    int inferredGroups,
    double score,
    Instant firstSeen,
    boolean background,
    String symptomOf,
    LogRecord example) {

  /** {@code java.io.FileNotFoundException in report-service}. */
  public String label() {
    return (errorType == null ? "(no error type)" : errorType) + " in " + service;
  }
}
