package dev.selfheal.activities.ci;

import dev.selfheal.activities.ci.reports.JUnitReports;
import java.nio.file.Path;
import java.time.Instant;

/** Heartbeat details while tests run: "running tests: 12 s, 3 report files so far". */
final class ReportProgress {
  private final JUnitReports finder;
  private final Path tree;
  private final Instant since;
  private final long countEveryMillis;
  private long countedAt = Long.MIN_VALUE;
  private int files;

  ReportProgress(JUnitReports finder, Path tree, Instant since, long countEveryMillis) {
    this.finder = finder;
    this.tree = tree;
    this.since = since;
    this.countEveryMillis = countEveryMillis;
  }

  String describe(long elapsedMillis) {
    if (countedAt == Long.MIN_VALUE || elapsedMillis - countedAt >= countEveryMillis) {
      files = finder.count(tree, since);
      countedAt = elapsedMillis;
    }
    return "running tests: " + elapsedMillis / 1000 + " s, " + files + (files == 1 ? " report file" : " report files")
        + " so far";
  }
}
