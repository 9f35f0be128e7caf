package dev.selfheal.workflows.messages.values;

import java.util.List;

/**
 * Outcome of the service's own test command on a tree. Output is kept in a file, not history.
 *
 * @param counts what the JUnit XML reports said; null when the run wrote none (the exit code
 *     decided) and in histories recorded before reports were read
 * @param failing failing tests, each "name: first line of its message", bounded; empty when none
 * @param flaky tests that failed and then passed on the rerun; a run with any is not green
 */
public record TestReport(
    boolean passed,
    int exitCode,
    String summary,
    String outputPath,
    long durationMillis,
    TestCounts counts,
    List<String> failing,
    List<String> flaky) {

  public TestReport {
    // histories recorded before these components existed carry no value for them
    failing = failing == null ? List.of() : List.copyOf(failing);
    flaky = flaky == null ? List.of() : List.copyOf(flaky);
  }
}
