package dev.selfheal.activities.config;

import java.time.Duration;

/** The log watcher raises an incident when the same error appears {@code count} times within {@code window}. */
public record Recurrence(int count, Duration window) {
  public static final Recurrence DEFAULT = new Recurrence(5, Duration.ofMinutes(10));
}
