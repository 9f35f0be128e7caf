package dev.selfheal.workflows;

import dev.selfheal.workflows.messages.values.ProbeResult;
import dev.selfheal.workflows.messages.values.RestartResult;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * A service on the test server's clock, behind the mocked probe and restart: it goes down at
 * scheduled crash times and comes back when restarted, unless it is crash-looping (every
 * restart dies again at once).
 */
final class FakeSupervisedService {
  private final LongSupplier clock;
  private final TreeSet<Long> crashes = new TreeSet<>();
  private long lastSeen;
  private boolean down;
  private boolean crashLoop;

  FakeSupervisedService(LongSupplier clock) {
    this.clock = clock;
    this.lastSeen = clock.getAsLong();
  }

  synchronized FakeSupervisedService crashAt(long millis) {
    crashes.add(millis);
    return this;
  }

  synchronized FakeSupervisedService crashLoop(boolean loop) {
    crashLoop = loop;
    if (loop) {
      down = true;
    }
    return this;
  }

  synchronized ProbeResult probe() {
    long now = clock.getAsLong();
    if (!crashes.subSet(lastSeen, false, now, true).isEmpty()) {
      down = true;
    }
    lastSeen = now;
    return down ? new ProbeResult(false, "HTTP 503") : new ProbeResult(true, "HTTP 200");
  }

  synchronized RestartResult restart() {
    lastSeen = clock.getAsLong();
    down = crashLoop;
    return new RestartResult(crashLoop ? 1 : 0, 40, crashLoop ? "started\nFATAL: port in use" : "started");
  }
}
