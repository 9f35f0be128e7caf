package dev.selfheal.activities.config;

import java.time.Duration;

/**
 * A service that crashes {@code crashes} times within {@code window} is flapping: restarts stop
 * for {@code cooldown}.
 */
public record Flapping(int crashes, Duration window, Duration cooldown) {
  public static final Flapping DEFAULT = new Flapping(5, Duration.ofSeconds(300), Duration.ofMinutes(15));
}
