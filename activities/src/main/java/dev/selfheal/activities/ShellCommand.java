package dev.selfheal.activities;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * Runs {@code bash -c <command>} with output to a file (never a pipe nobody drains), heartbeating
 * elapsed seconds while it runs so a dead worker is noticed and cancellation arrives. A run that
 * a killed worker left behind for the same output file is stopped first (see {@link StaleRuns}).
 */
public final class ShellCommand {
  private static final long HEARTBEAT_EVERY_MS = 2_000;

  private ShellCommand() {}

  /** Exit code and the tail of the output. */
  public record Result(int exitCode, long durationMillis, List<String> tail) {}

  public static Result run(String command, Path dir, Map<String, String> env, Path output, Duration limit)
      throws IOException, InterruptedException {
    return run(command, dir, env, output, limit, elapsedMillis -> elapsedMillis / 1000);
  }

  /**
   * As {@link #run(String, Path, Map, Path, Duration)}, with heartbeat details made by {@code
   * progress} from the elapsed milliseconds (e.g. "running tests: 12 s, 3 report files so far").
   */
  public static Result run(
      String command, Path dir, Map<String, String> env, Path output, Duration limit, LongFunction<Object> progress)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(dir.toFile());
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(output.toFile());
    Path pidFile = StaleRuns.pidFile(output);
    StaleRuns.reap(pidFile);
    long started = System.currentTimeMillis();
    Process process = builder.start();
    StaleRuns.record(pidFile, process);
    try {
      while (!process.waitFor(HEARTBEAT_EVERY_MS, TimeUnit.MILLISECONDS)) {
        long elapsed = System.currentTimeMillis() - started;
        if (elapsed > limit.toMillis()) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          throw new IOException("'" + command + "' ran longer than " + limit + "; killed");
        }
        Heartbeats.beat(progress.apply(elapsed));
      }
    } finally {
      if (process.isAlive()) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
      Files.deleteIfExists(pidFile);
    }
    List<String> lines = Files.readAllLines(output);
    List<String> tail = lines.subList(Math.max(0, lines.size() - 20), lines.size());
    return new Result(process.exitValue(), System.currentTimeMillis() - started, List.copyOf(tail));
  }

}
