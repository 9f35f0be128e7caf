package dev.selfheal.starter.worker;

import dev.selfheal.starter.Polling;
import dev.selfheal.starter.SelfhealCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code selfheal worker} in its own JVM, on this JVM's class path, as production runs it, so a
 * test or a benchmark can SIGKILL it: nothing survives with it, nothing it held is released politely.
 */
public final class WorkerProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final String hostId;

  private WorkerProcess(Process process, Path log, String hostId) {
    this.process = process;
    this.log = log;
    this.hostId = hostId;
  }

  /**
   * Starts a worker and waits for its ready line.
   *
   * @param queues capabilities, e.g. {@code orchestration,io,repair}
   * @param extraArgs more {@code selfheal worker} options, e.g. {@code --health-port 8081}
   */
  public static WorkerProcess start(
      String address, Path catalog, Path workspace, String hostId, String queues, Path logDir, String... extraArgs)
      throws IOException, InterruptedException {
    Files.createDirectories(logDir);
    Path log = Files.createTempFile(logDir, "worker-" + hostId + "-", ".log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:TieredStopAtLevel=1",
        // the worker app's own logging, not the test config that is on the same class path
        "-Dlogback.configurationFile=logback.xml",
        "-cp", System.getProperty("java.class.path"),
        SelfhealCli.class.getName(), "worker",
        "--address", address,
        "--catalog", catalog.toString(),
        "--workspace", workspace.toString(),
        "--host-id", hostId,
        "--queues", queues,
        // what these workers are for is one incident's effects; a supervisor restarting the
        // service under it would be a second actor in the count
        "--no-loops"));
    command.addAll(List.of(extraArgs));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SELFHEAL_LOG_LEVEL", "INFO");
    WorkerProcess worker = new WorkerProcess(builder.start(), log, hostId);
    worker.awaitReady(Duration.ofSeconds(60));
    return worker;
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    boolean ready = Polling.until(timeout, Duration.ofMillis(100), () -> {
      if (Files.readString(log).contains("worker ready identity=")) {
        return true;
      }
      if (!process.isAlive()) {
        throw new IOException("worker " + hostId + " exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      return false;
    });
    if (ready) {
      return;
    }
    process.destroyForcibly();
    throw new IOException("worker " + hostId + " not ready within " + timeout + ":\n" + Files.readString(log));
  }

  /** SIGKILL: no shutdown hook, no goodbye to the server, child processes orphaned. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** @return the exit code, or -1 if still running after {@code timeout} */
  public int waitForExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String hostId() {
    return hostId;
  }

  public Path log() {
    return log;
  }

  public long pid() {
    return process.pid();
  }

  /** SIGTERM: the polite stop. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
