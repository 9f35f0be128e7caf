package dev.selfheal.starter.dev;

import dev.selfheal.starter.Polling;
import dev.selfheal.starter.connect.TemporalConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Temporal CLI's dev server as a child process: state in one SQLite file, so stopping and
 * starting it again (same file) keeps every incident; Web UI on its own port.
 */
public final class DevServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DevServer.class);

  private final Path cli;
  private final Path dbFile;
  private final Path logFile;
  private final int port;
  private final int uiPort;
  private final List<String> namespaces;
  private Process process;

  private DevServer(Path cli, Path dbFile, Path logFile, int port, int uiPort, List<String> namespaces) {
    this.cli = cli;
    this.dbFile = dbFile;
    this.logFile = logFile;
    this.port = port;
    this.uiPort = uiPort;
    this.namespaces = List.copyOf(namespaces);
  }

  /** Starts the server and waits until its frontend answers. */
  public static DevServer start(Path cli, Path dbFile, Path logFile, int port, int uiPort) throws IOException {
    return start(cli, dbFile, logFile, port, uiPort, List.of());
  }

  /** As above, creating {@code namespaces} besides "default" (kept in the SQLite file). */
  public static DevServer start(Path cli, Path dbFile, Path logFile, int port, int uiPort, List<String> namespaces)
      throws IOException {
    DevServer server = new DevServer(cli, dbFile, logFile, port, uiPort, namespaces);
    server.launch();
    return server;
  }

  private void launch() throws IOException {
    Files.createDirectories(dbFile.toAbsolutePath().getParent());
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    List<String> command = new ArrayList<>(List.of(
        cli.toString(), "server", "start-dev",
        "--db-filename", dbFile.toString(),
        "--ip", "127.0.0.1",
        "--port", Integer.toString(port),
        "--ui-port", Integer.toString(uiPort),
        "--ui-disable-news-fetch",
        "--log-level", "warn"));
    for (String namespace : namespaces) {
      command.addAll(List.of("--namespace", namespace));
    }
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    boolean up;
    try {
      up = Polling.until(Duration.ofSeconds(60), Duration.ofMillis(200), () -> {
        if (TemporalConnection.reachable(address())) {
          return true;
        }
        if (!process.isAlive()) {
          throw new IOException("the Temporal dev server exited with " + process.exitValue() + "; see " + logFile);
        }
        return false;
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while waiting for the Temporal dev server", e);
    }
    if (!up) {
      process.destroyForcibly();
      throw new IOException("the Temporal dev server did not answer on " + address() + " within 60s; see " + logFile);
    }
    log.info("dev server up address={} ui={} db={} pid={}", address(), webUi(), dbFile, process.pid());
  }

  /** Stops the server the way an operator would (SIGTERM, then SIGKILL after a grace period). */
  public void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    log.info("dev server stopped address={}", address());
  }

  /** Starts it again on the same SQLite file and ports. */
  public void restart() throws IOException {
    stop();
    launch();
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  public String webUi() {
    return "http://127.0.0.1:" + uiPort;
  }

  public Path dbFile() {
    return dbFile;
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() {
    stop();
  }
}
