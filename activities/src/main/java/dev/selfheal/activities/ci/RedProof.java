package dev.selfheal.activities.ci;

import dev.selfheal.activities.ci.reports.FailedTest;
import dev.selfheal.workflows.messages.values.FixProof;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Judges a run of the tests on the tree before the fix. It proves the fix only when a regression
 * test itself ran and failed: a build that broke first (the test does not compile against the old
 * code) or another test failing says nothing about the fix.
 */
final class RedProof {
  /** A compiler's complaint about a file ({@code Foo.java:12: error:}, {@code SyntaxError}). */
  private static final Pattern BUILD_BROKE = Pattern.compile(
      "\\.java:\\d+: error:|COMPILATION ERROR|SyntaxError:|ImportError while importing|ERROR collecting|cannot find symbol");
  private static final int FAILING_KEPT = 10;

  private RedProof() {}

  static FixProof judge(TestRun run, String output, List<String> regressionTests, String diagnosedErrorType) {
    List<String> names = regressionTests.stream().map(RedProof::baseName).toList();
    List<String> failing = new ArrayList<>();
    boolean regressionFailed;
    if (run.reports().found()) {
      for (FailedTest test : run.reports().failing()) {
        if (failing.size() < FAILING_KEPT) {
          failing.add(test.name());
        }
      }
      regressionFailed = run.reports().failing().stream().anyMatch(t -> names.stream().anyMatch(t.name()::contains));
    } else {
      // no reports: the runner's own lines must name a regression test, outside a compiler error
      regressionFailed = run.result().exitCode() != 0 && output.lines()
          .filter(line -> !BUILD_BROKE.matcher(line).find())
          .anyMatch(line -> names.stream().anyMatch(line::contains) && line.toLowerCase(Locale.ROOT).matches(".*(fail|error|assert).*"));
      output.lines().filter(line -> names.stream().anyMatch(line::contains)).limit(FAILING_KEPT).forEach(failing::add);
    }
    boolean brokeFirst = !regressionFailed && BUILD_BROKE.matcher(output).find();
    String simpleType = simpleName(diagnosedErrorType);
    boolean reasonSeen = simpleType == null || output.contains(simpleType)
        || run.reports().failing().stream().anyMatch(t -> t.message() != null && t.message().contains(simpleType));
    String summary;
    if (regressionTests.isEmpty()) {
      summary = "the fix adds no regression test";
    } else if (regressionFailed) {
      summary = "red before the fix: " + String.join(", ", names)
          + (simpleType == null ? "" : reasonSeen ? " fails with the diagnosed " + simpleType : " fails, but not with the diagnosed " + simpleType);
    } else if (brokeFirst) {
      summary = "not proven: the build broke before the regression test ran (exit " + run.result().exitCode() + ")";
    } else {
      summary = "not proven: " + String.join(", ", names) + " passes on the tree before the fix (exit " + run.result().exitCode() + ")";
    }
    return new FixProof(regressionFailed, reasonSeen, regressionTests, failing, summary, run.output().toString(),
        run.result().durationMillis());
  }

  /** {@code src/test/java/a/FooRegressionTest.java} → {@code FooRegressionTest}. */
  static String baseName(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.indexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static String simpleName(String type) {
    if (type == null || type.isBlank()) {
      return null;
    }
    String t = type.strip();
    return t.substring(t.lastIndexOf('.') + 1);
  }
}
