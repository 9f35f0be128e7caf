package dev.selfheal.activities.ci.reports;

import java.util.List;
import java.util.Set;

/**
 * What the JUnit XML reports of one test run say, summed over their files.
 *
 * @param failing failing tests in file order, at most {@link JUnitTally#MAX_FAILING_KEPT}; {@code
 *     failures + errors} counts them all
 * @param flaky tests the runner itself reran to a pass (Surefire's {@code flakyFailure})
 * @param passedWatched those of the watched names that passed in this run
 * @param brokenFiles report files that could not be read, with why, at most a few
 */
public record JUnitSummary(
    int tests,
    int failures,
    int errors,
    int skipped,
    int reportFiles,
    int brokenReports,
    List<FailedTest> failing,
    List<String> flaky,
    Set<String> passedWatched,
    List<String> brokenFiles) {

  public JUnitSummary {
    failing = List.copyOf(failing);
    flaky = List.copyOf(flaky);
    passedWatched = Set.copyOf(passedWatched);
    brokenFiles = List.copyOf(brokenFiles);
  }

  /** Whether any report file was found at all; without one only the exit code can decide. */
  public boolean found() {
    return reportFiles > 0;
  }

  public boolean anyFailed() {
    return failures + errors > 0;
  }

  /** Every failed test is named, none lost to the bound: a rerun can then clear them all. */
  public boolean allFailuresNamed() {
    return failing.size() == failures + errors;
  }
}
