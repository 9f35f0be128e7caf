package dev.selfheal.workflows.messages.values;

/**
 * Per-incident knobs, fixed at start so a running incident never changes behaviour under it.
 *
 * @param approvalTimeoutSeconds how long to wait before escalating an unanswered approval (the
 *     wait then goes on)
 * @param verifyChecks number of verification probes
 * @param verifyIntervalSeconds durable timer between probes
 * @param minConfidence below this the incident escalates instead of patching
 */
public record IncidentSettings(
    long approvalTimeoutSeconds, int verifyChecks, long verifyIntervalSeconds, double minConfidence) {

  public static final long DEFAULT_APPROVAL_TIMEOUT_SECONDS = 72L * 3600;

  public static IncidentSettings defaults() {
    return new IncidentSettings(DEFAULT_APPROVAL_TIMEOUT_SECONDS, 3, 60, 0.5);
  }
}
