package dev.selfheal.workflows.messages.values;

import java.util.Map;

/**
 * A shell command that acts on a supervised service (its restart), with the folder and
 * environment it runs in.
 *
 * @param timeoutSeconds how long one run may take before it is killed; 0 means {@link
 *     #DEFAULT_TIMEOUT_SECONDS}
 */
public record ServiceCommand(String command, String workingDir, Map<String, String> env, long timeoutSeconds) {
  public static final long DEFAULT_TIMEOUT_SECONDS = 120;

  public ServiceCommand {
    env = env == null ? Map.of() : Map.copyOf(env);
  }

  public long effectiveTimeoutSeconds() {
    return timeoutSeconds > 0 ? timeoutSeconds : DEFAULT_TIMEOUT_SECONDS;
  }

  /** What is wrong with this command, or null when it can run. */
  public String problem() {
    if (command == null || command.isBlank()) {
      return "restart command is missing";
    }
    if (workingDir == null || workingDir.isBlank()) {
      return "restart workingDir is missing";
    }
    if (timeoutSeconds < 0) {
      return "restart timeoutSeconds must not be negative";
    }
    return null;
  }
}
