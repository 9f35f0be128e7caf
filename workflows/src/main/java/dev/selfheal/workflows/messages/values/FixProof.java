package dev.selfheal.workflows.messages.values;

import java.util.List;

/**
 * The red half of red-to-green: the fix's regression tests run on the tree before the fix.
 *
 * @param red a regression test ran and failed there (a build that broke first does not count)
 * @param reasonSeen the diagnosed error type appears in the failure (true when none was diagnosed)
 * @param regressionTests the test files the fix added
 * @param failing failing tests as the reports or the output name them
 * @param outputPath the run's output, in the incident's folder
 */
public record FixProof(
    boolean red,
    boolean reasonSeen,
    List<String> regressionTests,
    List<String> failing,
    String summary,
    String outputPath,
    long durationMillis) {

  public FixProof {
    regressionTests = regressionTests == null ? List.of() : List.copyOf(regressionTests);
    failing = failing == null ? List.of() : List.copyOf(failing);
  }
}
