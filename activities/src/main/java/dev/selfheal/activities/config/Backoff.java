package dev.selfheal.activities.config;

import java.time.Duration;

/**
 * Delay between restarts: starts at {@code initial}, doubles up to {@code max}, and starts over
 * once the service has stayed healthy for {@code healthyReset}.
 */
public record Backoff(Duration initial, Duration max, Duration healthyReset) {
  public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(3600), Duration.ofSeconds(120));
}
