package dev.selfheal.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * How the log watcher's tail activity runs. Apart from {@link StageActivityOptions} because a
 * watcher outlives any outage: its retries never run out, where an incident stage's do.
 */
public final class WatchActivityOptions {
  /** How long one tail run follows the files before it returns its checkpoint. */
  public static final Duration TAIL_RUN = Duration.ofMinutes(4);

  /**
   * A worker that died mid-tail is noticed within this; the retry resumes from the last heartbeat.
   * The SDK sends heartbeats at most every 0.8 of it.
   */
  public static final Duration TAIL_HEARTBEAT = Duration.ofSeconds(10);

  private WatchActivityOptions() {}

  public static ActivityOptions tail() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.IO)
        .setStartToCloseTimeout(TAIL_RUN.plus(Duration.ofMinutes(2)))
        .setHeartbeatTimeout(TAIL_HEARTBEAT)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofMinutes(1))
                .setMaximumAttempts(0) // unlimited: the watcher waits out a worker outage
                .setDoNotRetry(Errors.names())
                .build())
        .build();
  }
}
