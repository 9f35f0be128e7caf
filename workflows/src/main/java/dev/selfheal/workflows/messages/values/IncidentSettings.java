package dev.selfheal.workflows.messages.values;

import java.time.Duration;

/**
 * Per-incident knobs, fixed at start so a running incident never changes behaviour under it.
 *
 * @param approvalTimeoutSeconds how long to wait before escalating an unanswered approval (the
 *     wait then goes on)
 * @param verifyChecks number of verification probes
 * @param verifyIntervalSeconds durable timer between probes
 * @param minConfidence below this the incident escalates instead of patching
 * @param hostWaitSeconds how long work for the host holding the worktree may wait for that host
 *     before the worktree is made again on another one; 0 means {@link #DEFAULT_HOST_WAIT_SECONDS}
 *     (absent in incidents started before it existed, which read it as 0)
 */
public record IncidentSettings(
    long approvalTimeoutSeconds, int verifyChecks, long verifyIntervalSeconds, double minConfidence, long hostWaitSeconds) {

  public static final long DEFAULT_APPROVAL_TIMEOUT_SECONDS = 72L * 3600;
  /** Long enough for a worker restart on the same host, short against an incident's hours. */
  public static final long DEFAULT_HOST_WAIT_SECONDS = 300;

  public IncidentSettings(long approvalTimeoutSeconds, int verifyChecks, long verifyIntervalSeconds, double minConfidence) {
    this(approvalTimeoutSeconds, verifyChecks, verifyIntervalSeconds, minConfidence, 0);
  }

  public Duration hostWait() {
    return Duration.ofSeconds(hostWaitSeconds > 0 ? hostWaitSeconds : DEFAULT_HOST_WAIT_SECONDS);
  }

  public static IncidentSettings defaults() {
    return new IncidentSettings(DEFAULT_APPROVAL_TIMEOUT_SECONDS, 3, 60, 0.5);
  }
}
