package dev.selfheal.activities.config;

import java.util.List;
import java.util.Map;

/**
 * One service selfheal may repair, as the catalog describes it.
 *
 * @param origin the service's git origin: a path to a bare repository or a URL
 * @param testCommand run with {@code bash -c} in the worktree; exit 0 means green
 * @param deployDir the checkout the service runs from; deploys check out a commit here
 * @param deployCommand run with {@code bash -c} in {@code deployDir} after checkout
 * @param env extra environment for test and deploy commands
 * @param healthUrl GET; 2xx means healthy
 * @param verifyJobUrl POST; re-runs the job that failed; 2xx means it passed (may be null)
 * @param logs log files to read for diagnosis (JSONL or plain text)
 * @param minConfidence below this diagnosis confidence the service's incidents escalate instead
 *     of patching; null when the service sets none
 */
public record ServiceSpec(
    String name,
    String origin,
    String defaultBranch,
    String testCommand,
    String deployDir,
    String deployCommand,
    Map<String, String> env,
    String healthUrl,
    String verifyJobUrl,
    List<String> logs,
    Double minConfidence) {

  public ServiceSpec(
      String name, String origin, String defaultBranch, String testCommand, String deployDir, String deployCommand,
      Map<String, String> env, String healthUrl, String verifyJobUrl, List<String> logs) {
    this(name, origin, defaultBranch, testCommand, deployDir, deployCommand, env, healthUrl, verifyJobUrl, logs, null);
  }
}
