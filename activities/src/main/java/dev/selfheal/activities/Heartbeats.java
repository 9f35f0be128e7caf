package dev.selfheal.activities;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;

/**
 * Heartbeats that also work outside an activity. Plain unit tests and tools call the same code
 * as the worker; there {@link Activity#getExecutionContext()} throws {@link IllegalStateException}
 * (checked against SDK 1.38: "ActivityExecutionContext can be used only inside of activity
 * implementation methods..."), and a heartbeat is simply skipped.
 */
public final class Heartbeats {
  private Heartbeats() {}

  /**
   * Records progress with the server when running as an activity. Cancellation and timeouts
   * ({@code ActivityCompletionException}) propagate on purpose, so the caller stops its work.
   */
  public static void beat(Object details) {
    ActivityExecutionContext context = current();
    if (context != null) {
      context.heartbeat(details);
    }
  }

  /** The running activity's context, or null outside an activity (or off its thread). */
  public static ActivityExecutionContext current() {
    try {
      return Activity.getExecutionContext();
    } catch (IllegalStateException notInAnActivity) {
      return null;
    }
  }
}
