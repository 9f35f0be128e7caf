package dev.selfheal.activities.ci;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.ObjectId;
import dev.selfheal.workflows.messages.values.FixProof;
import dev.selfheal.workflows.messages.requests.ProofRequest;
import dev.selfheal.activities.ShellCommand;
import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.ci.reports.FailedTest;
import dev.selfheal.activities.ci.reports.JUnitReports;
import dev.selfheal.activities.ci.reports.JUnitSummary;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.config.ServiceSpec;
import dev.selfheal.workflows.activities.CiActivities;
import dev.selfheal.workflows.messages.requests.TestRunRequest;
import dev.selfheal.workflows.messages.values.TestReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.jgit.api.Git;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the service's own test command in the incident worktree and reads the JUnit XML reports
 * it wrote; before that, proves the fix's regression tests fail on the tree before the fix. Red tests are a result, not an activity failure: retrying cannot turn them green. A
 * red run whose reports name the failing tests is run once more; a test that passes then is
 * reported as flaky, and flaky is not green.
 */
public class CiActivitiesImpl implements CiActivities {
  private static final Logger log = LoggerFactory.getLogger(CiActivitiesImpl.class);
  /** Both runs together; inside the activity's start-to-close timeout. */
  private static final Duration LIMIT = Duration.ofMinutes(25);
  /** A rerun with less time than this left would only time out. */
  private static final Duration MIN_RERUN = Duration.ofSeconds(30);
  /** Counting report files walks the tree; every heartbeat would be too often. */
  private static final long COUNT_REPORTS_EVERY_MS = 10_000;

  private final ServiceCatalog catalog;
  private final Workspace workspace;
  private final Function<String, JUnitReports> reports;

  public CiActivitiesImpl(ServiceCatalog catalog, Workspace workspace) {
    this(catalog, workspace, service -> JUnitReports.defaults());
  }

  /** @param reports where each service's test reports are found, by service name */
  public CiActivitiesImpl(ServiceCatalog catalog, Workspace workspace, Function<String, JUnitReports> reports) {
    this.catalog = catalog;
    this.workspace = workspace;
    this.reports = reports;
  }

  @Override
  public TestReport runTests(TestRunRequest request) {
    ServiceSpec spec = catalog.require(request.service());
    Path tree = Path.of(request.worktreePath());
    requireCommit(tree, request.commit());
    Path dir = workspace.incidentDir(request.incidentId());
    String sha = shortSha(request.commit());
    Map<String, String> env = new HashMap<>(spec.env());
    env.put("SELFHEAL_INCIDENT", request.incidentId());
    env.put("SELFHEAL_COMMIT", request.commit());
    JUnitReports finder = reports.apply(request.service());
    log.info("incident={} tests starting command='{}' dir={}", request.incidentId(), spec.testCommand(), tree);
    try {
      TestRun first = run(spec, tree, env, dir.resolve("tests-" + sha + ".log"), LIMIT, finder, Set.of());
      log.info("incident={} tests exit={} reports={} tests={} failed={} errors={} took={}ms", request.incidentId(),
          first.result().exitCode(), first.reports().reportFiles(), first.reports().tests(),
          first.reports().failures(), first.reports().errors(), first.result().durationMillis());
      TestReport report;
      if (!first.reports().found()) {
        report = TestVerdict.fromExitCode(first, Files.readString(first.output()));
      } else if (!first.red() || first.reports().failing().isEmpty()) {
        report = TestVerdict.fromReports(first, null, null);
      } else {
        Duration left = LIMIT.minusMillis(first.result().durationMillis());
        if (left.compareTo(MIN_RERUN) < 0) {
          report = TestVerdict.fromReports(first, null, "not rerun: only " + left.toSeconds() + " s of the time limit left");
        } else {
          report = rerun(request, spec, tree, env, dir.resolve("tests-" + sha + ".rerun.log"), left, finder, first);
        }
      }
      log.info("incident={} tests passed={} summary='{}'", request.incidentId(), report.passed(), report.summary());
      return report;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run tests in " + tree + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running tests", e);
    }
  }

  @Override
  public FixProof proveRedBeforeFix(ProofRequest request) {
    ServiceSpec spec = catalog.require(request.service());
    Path tree = Path.of(request.worktreePath());
    String sha = shortSha(request.fixCommit());
    Path before = workspace.incidentDir(request.incidentId()).resolve("before-fix-" + sha);
    try (Git git = Git.open(tree.toFile())) {
      Repository repo = git.getRepository();
      ObjectId base = repo.resolve(request.baseCommit());
      ObjectId fix = repo.resolve(request.fixCommit());
      if (base == null || fix == null) {
        throw new IllegalStateException("worktree " + tree + " does not have " + (base == null ? request.baseCommit() : request.fixCommit()));
      }
      List<String> tests = PreFixTree.addedTestFiles(repo, base, fix);
      if (tests.isEmpty()) {
        log.warn("incident={} proof: the fix adds no regression test", request.incidentId());
        return new FixProof(false, false, List.of(), List.of(), "the fix adds no regression test", null, 0);
      }
      PreFixTree.write(repo, base, fix, tests, before);
      Map<String, String> env = new HashMap<>(spec.env());
      env.put("SELFHEAL_INCIDENT", request.incidentId());
      env.put("SELFHEAL_COMMIT", request.baseCommit());
      log.info("incident={} proof: regression tests {} on the tree before the fix dir={}", request.incidentId(), tests, before);
      TestRun run = run(spec, before, env, workspace.incidentDir(request.incidentId()).resolve("before-fix-" + sha + ".log"),
          LIMIT, reports.apply(request.service()), Set.of());
      FixProof proof = RedProof.judge(run, Files.readString(run.output()), tests, request.diagnosedErrorType());
      log.info("incident={} proof red={} reasonSeen={} summary='{}'", request.incidentId(), proof.red(), proof.reasonSeen(),
          proof.summary());
      return proof;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run the regression tests before the fix in " + before + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while proving the fix", e);
    }
  }

  /** The whole command once more, watching whether the failed tests pass this time. */
  private static TestReport rerun(TestRunRequest request, ServiceSpec spec, Path tree, Map<String, String> env,
      Path output, Duration left, JUnitReports finder, TestRun first) throws InterruptedException {
    Set<String> watch = new LinkedHashSet<>();
    for (FailedTest test : first.reports().failing()) {
      watch.add(test.name());
    }
    log.info("incident={} tests red, rerunning once to tell flaky from failing watch={}", request.incidentId(), watch);
    try {
      TestRun again = run(spec, tree, env, output, left, finder, watch);
      log.info("incident={} rerun exit={} passedNow={} output={}", request.incidentId(), again.result().exitCode(),
          again.reports().passedWatched(), output);
      return TestVerdict.fromReports(first, again, null);
    } catch (IOException e) {
      // the first run's verdict stands; the rerun only could have told flaky from failing
      log.warn("incident={} rerun did not complete: {}", request.incidentId(), e.getMessage());
      return TestVerdict.fromReports(first, null, "rerun did not complete: " + e.getMessage());
    }
  }

  private static TestRun run(ServiceSpec spec, Path tree, Map<String, String> env, Path output, Duration limit,
      JUnitReports finder, Set<String> watch) throws IOException, InterruptedException {
    Instant started = Instant.now();
    ReportProgress progress = new ReportProgress(finder, tree, started, COUNT_REPORTS_EVERY_MS);
    ShellCommand.Result result = ShellCommand.run(spec.testCommand(), tree, env, output, limit, progress::describe);
    JUnitSummary summary = finder.collect(tree, started, watch);
    return new TestRun(result, summary, output);
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

  private static String shortSha(String sha) {
    return sha.length() > 10 ? sha.substring(0, 10) : sha;
  }
}
