package dev.selfheal.activities.ci.reports;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Counts test cases as a report is streamed; one per file, merged into the run's total when the file reads whole. */
final class JUnitTally {
  /** Enough to act on; the counts say how many there were. */
  static final int MAX_FAILING_KEPT = 50;

  static final int MAX_BROKEN_KEPT = 5;

  int tests;
  int failures;
  int errors;
  int skipped;
  int reportFiles;
  int brokenReports;
  final List<FailedTest> failing = new ArrayList<>();
  final Set<String> flaky = new LinkedHashSet<>();
  final Set<String> passedWatched = new LinkedHashSet<>();
  final List<String> brokenFiles = new ArrayList<>();

  void failed(FailedTest test, boolean error) {
    if (error) {
      errors++;
    } else {
      failures++;
    }
    if (failing.size() < MAX_FAILING_KEPT) {
      failing.add(test);
    }
  }

  void broken(String file, String why) {
    reportFiles++;
    brokenReports++;
    if (brokenFiles.size() < MAX_BROKEN_KEPT) {
      brokenFiles.add(file + ": " + why);
    }
  }

  void add(JUnitTally file) {
    tests += file.tests;
    failures += file.failures;
    errors += file.errors;
    skipped += file.skipped;
    reportFiles++;
    for (FailedTest test : file.failing) {
      if (failing.size() < MAX_FAILING_KEPT) {
        failing.add(test);
      }
    }
    flaky.addAll(file.flaky);
    passedWatched.addAll(file.passedWatched);
  }

  JUnitSummary summary() {
    return new JUnitSummary(tests, failures, errors, skipped, reportFiles, brokenReports, failing, List.copyOf(flaky),
        passedWatched, brokenFiles);
  }
}
