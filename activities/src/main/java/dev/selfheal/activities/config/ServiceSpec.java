package dev.selfheal.activities.config;

import dev.selfheal.activities.ci.reports.JUnitReports;
import dev.selfheal.activities.fix.guard.GuardPolicy;
import dev.selfheal.activities.review.CodeHostConfig;
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
 * @param review the code host review requests go to; {@link CodeHostConfig#local()} by default
 * @param guard what the patch guard allows on top of its fixed rules
 * @param testReports globs of the JUnit XML files the test command writes (see {@link JUnitReports})
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
    Thresholds thresholds,
    CodeHostConfig review,
    GuardPolicy guard,
    List<String> testReports) {

  public ServiceSpec {
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env)); // catalog order, for anyone writing it back
    logs = List.copyOf(logs);
    owners = List.copyOf(owners);
    testReports = List.copyOf(testReports);
  }

  /** A spec built in code (the demo sandbox, tests): local reviews, the default guard and report globs. */
  public ServiceSpec(String name, String origin, String defaultBranch, String testCommand, String deployDir,
      String deployCommand, RestartSpec restart, Map<String, String> env, HealthCheck health, String verifyJobUrl,
      List<LogSource> logs, List<String> owners, Autonomy autonomy, Thresholds thresholds) {
    this(name, origin, defaultBranch, testCommand, deployDir, deployCommand, restart, env, health, verifyJobUrl, logs,
        owners, autonomy, thresholds, CodeHostConfig.local(), GuardPolicy.defaults(), JUnitReports.DEFAULT_GLOBS);
  }
}
