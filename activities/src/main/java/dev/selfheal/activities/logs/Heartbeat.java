package dev.selfheal.activities.logs;

import dev.selfheal.activities.Heartbeats;
import io.temporal.activity.ActivityExecutionContext;

/**
 * Heartbeats progress (lines read) every {@link #EVERY_LINES} lines from inside an activity, so
 * a worker that dies mid-read is noticed within the heartbeat timeout. Outside an activity (unit
 * tests, tools) it does nothing. Cancellation surfaces from {@link #lines(long)} as the SDK's
 * {@code ActivityCompletionException}, deliberately not caught here.
 */
public final class Heartbeat {
  public static final long EVERY_LINES = 10_000;

  private final ActivityExecutionContext context;
  private long nextAt = EVERY_LINES;

  private Heartbeat(ActivityExecutionContext context) {
    this.context = context;
  }

  /** Bound to the current activity, or a no-op when there is none on this thread. */
  public static Heartbeat current() {
    return new Heartbeat(Heartbeats.current());
  }

  /** Reports {@code lines} when another {@link #EVERY_LINES} have gone by. */
  public void lines(long lines) {
    if (lines >= nextAt) {
      nextAt = lines + EVERY_LINES;
      if (context != null) {
        context.heartbeat(lines);
      }
    }
  }
}
