package dev.selfheal.starter;

import java.io.IOException;
import java.time.Duration;

/**
 * Waiting for something outside this process that sends no event: a port that starts to
 * answer, a line that appears in a file. Checks at a fixed pace until it holds or time is up.
 */
public final class Polling {
  private Polling() {}

  /** A condition; it may throw to stop the wait early (the process it waits for died). */
  @FunctionalInterface
  public interface Check {
    boolean holds() throws IOException;
  }

  /** @return whether {@code check} held before {@code timeout} */
  public static boolean until(Duration timeout, Duration every, Check check) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (check.holds()) {
        return true;
      }
      if (System.nanoTime() >= deadline) {
        return false;
      }
      Thread.sleep(every.toMillis());
    }
  }
}
