package dev.selfheal.activities.git;

import dev.selfheal.activities.Failures;
import dev.selfheal.workflows.Errors;
import java.util.regex.Pattern;

/**
 * Checks on activity input. A malformed request fails the same way on every attempt, so it is a
 * non-retryable failure of the calling stage's type, with a message naming the bad field.
 */
public final class RequestChecks {
  private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}");

  private RequestChecks() {}

  /** The id must be {@code incident-<service>-…}: mixing up two incidents' ids must not pass. */
  public static void requireIncident(String incidentId, String service, Errors type) {
    if (incidentId == null || !incidentId.matches("[A-Za-z0-9._-]+") || incidentId.contains("..")) {
      throw Failures.nonRetryable(type, "incidentId '" + incidentId + "' is not a valid incident id");
    }
    if (service == null || !incidentId.startsWith("incident-" + service + "-")) {
      throw Failures.nonRetryable(
          type, "incidentId '" + incidentId + "' does not belong to service '" + service + "'");
    }
  }

  /** A full, lower-case commit id: abbreviations could become ambiguous later. */
  public static void requireCommit(String commit, String field, Errors type) {
    if (commit == null || !FULL_SHA.matcher(commit).matches()) {
      throw Failures.nonRetryable(type, field + " '" + commit + "' is not a full 40-digit commit id");
    }
  }
}
