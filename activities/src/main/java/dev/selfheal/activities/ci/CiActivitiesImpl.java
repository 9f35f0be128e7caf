package dev.selfheal.activities.ci;

import dev.selfheal.activities.ShellCommand;
import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.config.ServiceSpec;
import dev.selfheal.workflows.activities.CiActivities;
import dev.selfheal.workflows.messages.requests.TestRunRequest;
import dev.selfheal.workflows.messages.values.TestReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the service's own test command in the incident worktree. Red tests are a result, not an
 * activity failure: retrying cannot turn them green.
 */
public class CiActivitiesImpl implements CiActivities {
  private static final Logger log = LoggerFactory.getLogger(CiActivitiesImpl.class);
  private static final Pattern SUMMARY =
      Pattern.compile("(?m)^(?:\\w+:\\s*)?(\\d+) passed, (\\d+) failed(?:, (\\d+) skipped)?\\s*$");
  private static final Duration LIMIT = Duration.ofMinutes(25);

  private final ServiceCatalog catalog;
  private final Workspace workspace;

  public CiActivitiesImpl(ServiceCatalog catalog, Workspace workspace) {
    this.catalog = catalog;
    this.workspace = workspace;
  }

  @Override
  public TestReport runTests(TestRunRequest request) {
    ServiceSpec spec = catalog.require(request.service());
    Path tree = Path.of(request.worktreePath());
    requireCommit(tree, request.commit());
    Path output =
        workspace.incidentDir(request.incidentId()).resolve("tests-" + shortSha(request.commit()) + ".log");
    Map<String, String> env = new HashMap<>(spec.env());
    env.put("SELFHEAL_INCIDENT", request.incidentId());
    env.put("SELFHEAL_COMMIT", request.commit());
    log.info("incident={} tests starting command='{}' dir={}", request.incidentId(), spec.testCommand(), tree);
    try {
      ShellCommand.Result result = ShellCommand.run(spec.testCommand(), tree, env, output, LIMIT);
      String summary = summarize(Files.readString(output), result);
      log.info("incident={} tests exit={} summary='{}' took={}ms", request.incidentId(), result.exitCode(), summary, result.durationMillis());
      return new TestReport(result.exitCode() == 0, result.exitCode(), summary, output.toString(), result.durationMillis(), null, List.of(), List.of());
    } catch (IOException e) {
      throw new IllegalStateException("cannot run tests in " + tree + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running tests", e);
    }
  }

  /** Tests must run on the exact commit the workflow names, not whatever the tree holds now. */
  private static void requireCommit(Path tree, String commit) {
    try (Git git = Git.open(tree.toFile())) {
      String head = git.getRepository().resolve("HEAD").name();
      if (!head.equals(commit)) {
        throw new IllegalStateException("worktree " + tree + " is at " + head + ", expected " + commit);
      }
    } catch (IOException e) {
      throw new IllegalStateException("worktree " + tree + " is not a git checkout: " + e.getMessage(), e);
    }
  }

  static String summarize(String output, ShellCommand.Result result) {
    Matcher m = SUMMARY.matcher(output);
    String counts = null;
    while (m.find()) {
      counts = m.group(1) + " passed, " + m.group(2) + " failed" + (m.group(3) == null ? "" : ", " + m.group(3) + " skipped");
    }
    String verdict = result.exitCode() == 0 ? "green" : "red (exit " + result.exitCode() + ")";
    if (counts != null) {
      return verdict + ": " + counts;
    }
    List<String> tail = result.tail();
    return verdict + (tail.isEmpty() ? "" : ": " + tail.get(tail.size() - 1).strip());
  }

  private static String shortSha(String sha) {
    return sha.length() > 10 ? sha.substring(0, 10) : sha;
  }
}
