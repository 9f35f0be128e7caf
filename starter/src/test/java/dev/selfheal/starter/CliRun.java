package dev.selfheal.starter;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A verb run in-process as typed, with what it printed; the verbs print with System.out/err. */
public record CliRun(List<String> args, int exitCode, String out, String err) {

  public static CliRun of(String... args) {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exitCode = SelfhealCli.commandLine().execute(args);
      return new CliRun(List.of(args), exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }

  @Override
  public String toString() {
    return "selfheal " + String.join(" ", args) + " -> " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
