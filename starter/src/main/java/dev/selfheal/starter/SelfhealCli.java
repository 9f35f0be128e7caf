package dev.selfheal.starter;

import dev.selfheal.starter.bench.BenchCommand;
import dev.selfheal.starter.demo.DemoCommand;
import dev.selfheal.starter.dev.DevCommand;
import dev.selfheal.starter.eval.EvalCommand;
import dev.selfheal.starter.incidents.ApproveCommand;
import dev.selfheal.starter.incidents.HistoryCommand;
import dev.selfheal.starter.incidents.ListCommand;
import dev.selfheal.starter.incidents.RejectCommand;
import dev.selfheal.starter.incidents.StartCommand;
import dev.selfheal.starter.incidents.StatusCommand;
import dev.selfheal.starter.serve.ServeCommand;
import dev.selfheal.starter.worker.WorkerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code selfheal}: the command line. One class per verb. */
@Command(
    name = "selfheal",
    mixinStandardHelpOptions = true,
    version = "selfheal 0.1.0",
    description = "Incident auto-remediation on Temporal.",
    subcommands = {
      DemoCommand.class,
      DevCommand.class,
      WorkerCommand.class,
      ServeCommand.class,
      StartCommand.class,
      StatusCommand.class,
      ListCommand.class,
      HistoryCommand.class,
      ApproveCommand.class,
      RejectCommand.class,
      EvalCommand.class,
      BenchCommand.class
    })
public final class SelfhealCli implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line with selfheal's error handling: a failure a user can act on (server not
   * reachable, no such incident, bad catalog) is one line naming what is wrong, exit code 1; the
   * stack trace only with SELFHEAL_DEBUG=1.
   */
  public static CommandLine commandLine() {
    return new CommandLine(new SelfhealCli()).setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("selfheal " + cmd.getCommandName() + ": " + UserErrors.describe(e));
      if ("1".equals(System.getenv("SELFHEAL_DEBUG"))) {
        e.printStackTrace(cmd.getErr());
      }
      return 1;
    });
  }
}
