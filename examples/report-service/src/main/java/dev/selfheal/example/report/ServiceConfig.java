package dev.selfheal.example.report;

import java.nio.file.Path;
import java.util.Map;

/** Settings read from the environment. */
public record ServiceConfig(int port, Path runDir, long jobIntervalMs, String version,
    String commit) {

  public static final long DEFAULT_JOB_INTERVAL_MS = 2000;

  /**
   * {@code PORT} and {@code RUN_DIR} are required; {@code JOB_INTERVAL_MS} defaults to 2000;
   * {@code SERVICE_VERSION} and {@code SELFHEAL_COMMIT} are optional.
   */
  public static ServiceConfig fromEnv(Map<String, String> env) {
    String port = env.get("PORT");
    if (port == null || port.isBlank()) {
      throw new IllegalArgumentException("PORT is required");
    }
    int p;
    try {
      p = Integer.parseInt(port.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("PORT is not a number: " + port);
    }
    if (p < 1 || p > 65535) {
      throw new IllegalArgumentException("PORT out of range: " + port);
    }
    String runDir = env.get("RUN_DIR");
    if (runDir == null || runDir.isBlank()) {
      throw new IllegalArgumentException("RUN_DIR is required");
    }
    long interval = DEFAULT_JOB_INTERVAL_MS;
    String i = env.get("JOB_INTERVAL_MS");
    if (i != null && !i.isBlank()) {
      try {
        interval = Long.parseLong(i.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("JOB_INTERVAL_MS is not a number: " + i);
      }
      if (interval < 1) {
        throw new IllegalArgumentException("JOB_INTERVAL_MS must be positive: " + i);
      }
    }
    return new ServiceConfig(p, Path.of(runDir).toAbsolutePath(), interval,
        blankToNull(env.get("SERVICE_VERSION")), blankToNull(env.get("SELFHEAL_COMMIT")));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
