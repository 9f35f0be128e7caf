package dev.selfheal.starter.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code selfheal bench <name>}: benchmarks that report ratios against a floor measured in the same run. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks; each prints its numbers on the last line.",
    subcommands = {OrchestrationBench.class, RecoveryBench.class, DiagnosisBench.class, SupervisorBench.class, AlertsBench.class})
public final class BenchCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
