package dev.selfheal.activities.ci;

import dev.selfheal.activities.ShellCommand;
import dev.selfheal.activities.ci.reports.JUnitSummary;
import java.nio.file.Path;

/** One run of a service's test command: how the command ended and what its reports said. */
record TestRun(ShellCommand.Result result, JUnitSummary reports, Path output) {
  /** Red by the exit code or by any failure a report names, whichever says so. */
  boolean red() {
    return result.exitCode() != 0 || reports.anyFailed();
  }
}
