package dev.selfheal.activities.config;

import java.time.Duration;

/**
 * How to tell the service is healthy: exactly one of {@code url} (GET, 2xx is healthy) or {@code
 * command} (run with {@code bash -c}, exit 0 is healthy).
 *
 * @param interval how often a watcher probes
 * @param timeout how long one probe may take
 */
public record HealthCheck(String url, String command, Duration interval, Duration timeout) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  public HealthCheck {
    if ((url == null) == (command == null)) {
      throw new IllegalArgumentException("a health check has either a url or a command");
    }
  }

  /** A GET probe with the default interval and timeout, the catalog's plain-string form. */
  public static HealthCheck ofUrl(String url) {
    return new HealthCheck(url, null, DEFAULT_INTERVAL, DEFAULT_TIMEOUT);
  }
}
