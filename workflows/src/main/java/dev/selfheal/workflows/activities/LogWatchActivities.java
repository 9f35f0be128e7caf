package dev.selfheal.workflows.activities;

import dev.selfheal.workflows.messages.requests.TailRequest;
import dev.selfheal.workflows.messages.values.LogWatchCheckpoint;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The log watcher's one activity: follow a service's log files for a while. */
@ActivityInterface
public interface LogWatchActivities {
  /**
   * Tails for the request's run time, heartbeating its checkpoint, and returns it. Raises alerts
   * into incidents as recurring errors cross the threshold.
   */
  @ActivityMethod
  LogWatchCheckpoint tail(TailRequest request);
}
