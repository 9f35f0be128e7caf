package dev.selfheal.activities.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One service selfheal may repair, as the catalog describes it.
 *
 * @param origin the service's git origin: a path to a bare repository or a URL
 * @param testCommand run with {@code bash -c} in the worktree; exit 0 means green
 * @param deployDir the checkout the service runs from; deploys check out a commit here
 * @param deployCommand run with {@code bash -c} in {@code deployDir} after checkout
 * @param restart how to restart the service without a deploy; null when the catalog names none
 * @param env extra environment for test and deploy commands
 * @param health how to tell the service is healthy
 * @param verifyJobUrl POST; re-runs the job that failed; 2xx means it passed (may be null)
 * @param logs log files to read for diagnosis
 * @param owners emails or handles of the people who own the service; may be empty
 * @param autonomy how far selfheal may act on its own
 * @param thresholds confidence gate, recurrence, flapping and restart backoff limits
 */
public record ServiceSpec(
    String name,
    String origin,
    String defaultBranch,
    String testCommand,
    String deployDir,
    String deployCommand,
    RestartSpec restart,
    Map<String, String> env,
    HealthCheck health,
    String verifyJobUrl,
    List<LogSource> logs,
    List<String> owners,
    Autonomy autonomy,
    Thresholds thresholds) {

  public ServiceSpec {
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env)); // catalog order, for anyone writing it back
    logs = List.copyOf(logs);
    owners = List.copyOf(owners);
  }
}
