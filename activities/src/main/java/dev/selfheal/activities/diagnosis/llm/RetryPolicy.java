package dev.selfheal.activities.diagnosis.llm;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long to wait when a model server is busy (429) or failing (5xx).
 *
 * @param maxRetries retries after the first request
 * @param initialBackoff the first wait without a {@code Retry-After}; doubles each retry
 * @param maxWait the longest single wait; a server asking for more ({@code Retry-After}) is not
 *     waited for: diagnosis goes on without the model
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxWait) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(20));

  public RetryPolicy {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
    }
    if (initialBackoff.isNegative() || maxWait.isNegative()) {
      throw new IllegalArgumentException("waits must not be negative");
    }
  }

  /**
   * The wait before retry {@code retry} (1-based): exponential, capped, with jitter so clients
   * that failed together do not retry together.
   */
  Duration backoff(int retry) {
    long base = Math.min(maxWait.toMillis(), initialBackoff.toMillis() << Math.min(retry - 1, 20));
    long half = base / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(base - half + 1));
  }
}
