package dev.selfheal.starter;

import dev.selfheal.starter.bench.BenchCommand;
import dev.selfheal.starter.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code selfheal}: the command line. One class per verb. */
@Command(
    name = "selfheal",
    mixinStandardHelpOptions = true,
    version = "selfheal 0.1.0",
    description = "Incident auto-remediation on Temporal.",
    subcommands = {DemoCommand.class, BenchCommand.class})
public final class SelfhealCli implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SelfhealCli()).execute(args));
  }
}
