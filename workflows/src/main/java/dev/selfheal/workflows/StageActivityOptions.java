package dev.selfheal.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * The one place that says how each kind of activity runs: queue, timeouts, retries. Timeouts are
 * as short as the longest honest run; long activities heartbeat so a dead worker is noticed
 * within the heartbeat timeout rather than the start-to-close timeout.
 */
public final class StageActivityOptions {
  private static final RetryOptions RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofMinutes(1))
          .setMaximumAttempts(10)
          .setDoNotRetry(Errors.names())
          .build();

  /**
   * Commands (tests, deploys) beat every 2 s: a worker that died mid-command is noticed, and its
   * work handed to another, within this.
   */
  private static final Duration COMMAND_HEARTBEAT = Duration.ofSeconds(10);

  /** Git and review steps beat on progress; short ones finish well inside this. */
  private static final Duration HOST_HEARTBEAT = Duration.ofSeconds(15);

  private StageActivityOptions() {}

  /** Alert checks, tickets, lessons: quick local writes. */
  public static ActivityOptions light() {
    return options(TaskQueues.IO, Duration.ofSeconds(30), null);
  }

  /** Reading logs and diagnosing over them: bounded by log size, heartbeats progress. */
  public static ActivityOptions analysis() {
    return options(TaskQueues.IO, Duration.ofMinutes(10), Duration.ofSeconds(30));
  }

  /** Health probes and the job re-run. */
  public static ActivityOptions verify() {
    return options(TaskQueues.IO, Duration.ofMinutes(2), null);
  }

  /** Creating the worktree: runs on any repair host, which then owns the incident's files. */
  public static ActivityOptions prepareWorktree() {
    return options(TaskQueues.REPAIR, Duration.ofMinutes(5), HOST_HEARTBEAT);
  }

  /** Patch, push, review: on the host that holds the worktree. */
  public static ActivityOptions onHost(String hostQueue) {
    return options(hostQueue, Duration.ofMinutes(5), HOST_HEARTBEAT);
  }

  /** The service's test command on the host that holds the worktree. */
  public static ActivityOptions testsOnHost(String hostQueue) {
    return ActivityOptions.newBuilder(options(hostQueue, Duration.ofMinutes(30), COMMAND_HEARTBEAT))
        .setRetryOptions(RetryOptions.newBuilder(RETRY).setMaximumAttempts(3).build())
        .build();
  }

  /** Merge, revert and deploy: against the origin and the deploy target, from any repair host. */
  public static ActivityOptions release() {
    return options(TaskQueues.REPAIR, Duration.ofMinutes(15), COMMAND_HEARTBEAT);
  }

  private static ActivityOptions options(String queue, Duration startToClose, Duration heartbeat) {
    ActivityOptions.Builder builder =
        ActivityOptions.newBuilder()
            .setTaskQueue(queue)
            .setStartToCloseTimeout(startToClose)
            // a task nobody picks up (no worker on that queue) should surface, not hang forever
            .setScheduleToCloseTimeout(startToClose.multipliedBy(20))
            .setRetryOptions(RETRY);
    if (heartbeat != null) {
      builder.setHeartbeatTimeout(heartbeat);
    }
    return builder.build();
  }
}
