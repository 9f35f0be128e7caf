package dev.selfheal.workflows.messages.values;

/**
 * How a supervisor tells that a service is up: exactly one of an HTTP URL (any 2xx is healthy)
 * or a shell command (exit 0 is healthy), run in the service's restart folder and environment.
 *
 * @param timeoutMillis one probe's limit; 0 means {@link #DEFAULT_TIMEOUT_MILLIS}
 */
public record HealthCheck(String url, String command, long timeoutMillis) {
  public static final long DEFAULT_TIMEOUT_MILLIS = 2_000;

  public static HealthCheck http(String url) {
    return new HealthCheck(url, null, 0);
  }

  public static HealthCheck command(String command) {
    return new HealthCheck(null, command, 0);
  }

  public long effectiveTimeoutMillis() {
    return timeoutMillis > 0 ? timeoutMillis : DEFAULT_TIMEOUT_MILLIS;
  }

  /** What is wrong with this check, or null when it can run. */
  public String problem() {
    boolean hasUrl = url != null && !url.isBlank();
    boolean hasCommand = command != null && !command.isBlank();
    if (hasUrl == hasCommand) {
      return "health needs exactly one of url or command";
    }
    if (hasUrl && !(url.startsWith("http://") || url.startsWith("https://"))) {
      return "health url '" + url + "' must start with http:// or https://";
    }
    if (timeoutMillis < 0) {
      return "health timeoutMillis must not be negative";
    }
    return null;
  }
}
