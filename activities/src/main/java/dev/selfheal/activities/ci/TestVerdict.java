package dev.selfheal.activities.ci;

import dev.selfheal.activities.ShellCommand;
import dev.selfheal.activities.ci.reports.FailedTest;
import dev.selfheal.activities.ci.reports.JUnitSummary;
import dev.selfheal.workflows.messages.values.TestCounts;
import dev.selfheal.workflows.messages.values.TestReport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one test run, or a red run and its rerun, into the {@link TestReport} the workflow acts
 * on. Green needs a zero exit and no failure in any report; a test that failed and then passed
 * on the rerun is flaky, which is not green: the fix did not make it pass, luck did.
 */
final class TestVerdict {
  /** The runner's own summary line, for a run that writes no reports. */
  private static final Pattern SUMMARY =
      Pattern.compile("(?m)^(?:\\w+:\\s*)?(\\d+) passed, (\\d+) failed(?:, (\\d+) skipped)?\\s*$");

  private static final int NAMES_IN_SUMMARY = 3;

  /** Kept in the report (and so in history); the counts say how many there were. */
  private static final int MAX_FAILING = 50;

  private TestVerdict() {}

  /** A run that wrote no reports: the exit code decides, the output's summary line explains. */
  static TestReport fromExitCode(TestRun run, String output) {
    ShellCommand.Result result = run.result();
    return new TestReport(result.exitCode() == 0, result.exitCode(), summarizeOutput(output, result),
        run.output().toString(), result.durationMillis(), null, List.of(), List.of());
  }

  static String summarizeOutput(String output, ShellCommand.Result result) {
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

  /**
   * A run with reports, and its rerun when there was one.
   *
   * @param rerun null when the run was not rerun
   * @param rerunNote why a red run was not rerun, or null
   */
  static TestReport fromReports(TestRun first, TestRun rerun, String rerunNote) {
    JUnitSummary reports = first.reports();
    List<String> flaky = new ArrayList<>(reports.flaky());
    List<String> failing = new ArrayList<>();
    if (rerun == null) {
      reports.failing().forEach(test -> failing.add(test.describe()));
    } else {
      Set<String> stillFailing = new LinkedHashSet<>();
      for (FailedTest test : reports.failing()) {
        if (rerun.reports().passedWatched().contains(test.name())) {
          flaky.add(test.name());
        } else {
          failing.add(test.describe());
          stillFailing.add(test.name());
        }
      }
      // failures the first run did not have are failures all the same
      for (FailedTest test : rerun.reports().failing()) {
        if (!stillFailing.contains(test.name()) && failing.size() < MAX_FAILING) {
          failing.add(test.describe() + " (on the rerun)");
        }
      }
    }
    boolean clearedByRerun = rerun != null && failing.isEmpty() && reports.allFailuresNamed() && !rerun.red();
    boolean green = !first.red() && flaky.isEmpty();
    int exit = first.result().exitCode();

    StringBuilder s = new StringBuilder();
    if (green) {
      s.append("green");
    } else if (clearedByRerun || (!first.red() && !flaky.isEmpty())) {
      s.append("flaky, not green (exit ").append(exit).append(')');
    } else if (exit == 0) {
      s.append("red (exit 0, but the reports name failures)");
    } else {
      s.append("red (exit ").append(exit).append(')');
    }
    s.append(": ").append(reports.tests()).append(reports.tests() == 1 ? " test, " : " tests, ")
        .append(reports.failures()).append(" failed, ")
        .append(reports.errors()).append(reports.errors() == 1 ? " error, " : " errors, ")
        .append(reports.skipped()).append(" skipped");
    if (!failing.isEmpty()) {
      s.append("; failing: ").append(names(failing));
    } else if (first.red() && !reports.anyFailed()) {
      List<String> tail = first.result().tail();
      s.append("; the command failed outside the tests")
          .append(tail.isEmpty() ? "" : ": " + tail.get(tail.size() - 1).strip());
    }
    if (!flaky.isEmpty()) {
      s.append("; flaky (failed, then passed").append(rerun == null ? " when the runner retried" : " on a rerun")
          .append("): ").append(names(flaky));
    }
    if (rerunNote != null) {
      s.append("; ").append(rerunNote);
    }
    if (reports.brokenReports() > 0) {
      s.append("; ").append(reports.brokenReports())
          .append(reports.brokenReports() == 1 ? " broken report file" : " broken report files");
    }
    long duration = first.result().durationMillis() + (rerun == null ? 0 : rerun.result().durationMillis());
    TestCounts counts = new TestCounts(reports.tests(), reports.failures(), reports.errors(), reports.skipped(),
        reports.reportFiles(), reports.brokenReports());
    return new TestReport(green, exit, s.toString(), first.output().toString(), duration, counts, failing,
        List.copyOf(new LinkedHashSet<>(flaky)));
  }

  private static String names(List<String> names) {
    String shown = String.join(", ", names.subList(0, Math.min(NAMES_IN_SUMMARY, names.size())));
    return names.size() > NAMES_IN_SUMMARY ? shown + " and " + (names.size() - NAMES_IN_SUMMARY) + " more" : shown;
  }
}
