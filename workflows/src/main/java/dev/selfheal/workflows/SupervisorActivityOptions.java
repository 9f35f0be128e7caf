package dev.selfheal.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * How a supervisor's activities run, beside {@link StageActivityOptions}: all on the IO queue,
 * each timeout derived from the limit the request sets, retries few, because the loop itself
 * probes again on its next turn.
 */
public final class SupervisorActivityOptions {
  /** A probe that cannot run is skipped; the next one comes one interval later. */
  private static final RetryOptions PROBE_RETRY =
      RetryOptions.newBuilder().setMaximumAttempts(2).setDoNotRetry(Errors.names()).build();

  /** A restart retried after a lost worker: the command's stale run is stopped first (ShellCommand). */
  private static final RetryOptions RESTART_RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setMaximumAttempts(3)
          .setDoNotRetry(Errors.names())
          .build();

  private static final Duration COMMAND_HEARTBEAT = Duration.ofSeconds(10);

  private SupervisorActivityOptions() {}

  public static ActivityOptions probe(long probeTimeoutMillis) {
    Duration limit = Duration.ofMillis(probeTimeoutMillis).plusSeconds(5);
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.IO)
        .setStartToCloseTimeout(limit)
        // no IO worker: skip this probe rather than queue a pile of stale ones
        .setScheduleToCloseTimeout(limit.multipliedBy(3))
        .setRetryOptions(PROBE_RETRY)
        .build();
  }

  public static ActivityOptions restart(long commandTimeoutSeconds) {
    Duration limit = Duration.ofSeconds(commandTimeoutSeconds).plusSeconds(10);
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.IO)
        .setStartToCloseTimeout(limit)
        .setScheduleToCloseTimeout(limit.multipliedBy(4))
        .setHeartbeatTimeout(COMMAND_HEARTBEAT)
        .setRetryOptions(RESTART_RETRY)
        .build();
  }

  /** Reading log tails and signalling the incident: quick. */
  public static ActivityOptions escalation() {
    return StageActivityOptions.light();
  }
}
