package dev.selfheal.activities.git;

import dev.selfheal.activities.Heartbeats;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import org.eclipse.jgit.lib.ProgressMonitor;

/**
 * A JGit progress monitor that heartbeats, so a long clone, fetch or push under an activity with
 * a heartbeat timeout is not mistaken for a dead worker. JGit may report progress from its own
 * threads, so the activity context is captured on the activity thread at construction.
 */
public final class HeartbeatMonitor implements ProgressMonitor {
  private static final long INTERVAL_NANOS = Duration.ofSeconds(2).toNanos();

  private final ActivityExecutionContext context;
  private final String operation;
  private volatile String task = "";
  private volatile long lastBeat = System.nanoTime();

  public HeartbeatMonitor(String operation) {
    this.context = Heartbeats.current();
    this.operation = operation;
  }

  @Override
  public void start(int totalTasks) {
    beat(true);
  }

  @Override
  public void beginTask(String title, int totalWork) {
    task = title;
    beat(false);
  }

  @Override
  public void update(int completed) {
    beat(false);
  }

  @Override
  public void endTask() {
    beat(false);
  }

  @Override
  public boolean isCancelled() {
    return false;
  }

  @Override
  public void showDuration(boolean enabled) {
    // durations are not shown anywhere
  }

  private void beat(boolean force) {
    if (context == null) {
      return;
    }
    long now = System.nanoTime();
    // the SDK throttles too, but JGit calls update() per object; skip the work entirely
    if (force || now - lastBeat >= INTERVAL_NANOS) {
      lastBeat = now;
      context.heartbeat(operation + (task.isEmpty() ? "" : ": " + task));
    }
  }
}
