package dev.selfheal.starter.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One finished run of a repository's test command.
 *
 * @param exitCode the process's exit code; -1 when it was killed for running too long
 * @param output stdout and stderr interleaved, its last {@link #TAIL_CHARS} characters
 */
record ProcessRun(List<String> command, int exitCode, String output, long millis) {
  static final int TAIL_CHARS = 4000;

  boolean passed() {
    return exitCode == 0;
  }

  boolean timedOut() {
    return exitCode == -1;
  }

  /**
   * Runs {@code command} in {@code dir} and waits at most {@code timeout}; a command that takes
   * longer is killed with its children, so a hung test cannot hang the evaluation.
   */
  static ProcessRun of(List<String> command, Path dir, Duration timeout) throws IOException {
    Path log = Files.createTempFile("selfheal-repair-", ".log");
    long started = System.nanoTime();
    try {
      Process process = new ProcessBuilder(command)
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
      boolean done;
      try {
        done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        done = false;
      }
      if (!done) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      String tail = out.length() > TAIL_CHARS ? out.substring(out.length() - TAIL_CHARS) : out;
      return new ProcessRun(List.copyOf(command), done ? process.exitValue() : -1, tail, (System.nanoTime() - started) / 1_000_000);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
