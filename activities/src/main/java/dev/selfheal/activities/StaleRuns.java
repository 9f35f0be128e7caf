package dev.selfheal.activities;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command's pid file, so a retry can stop what a killed worker left running. When a worker
 * JVM dies by SIGKILL its child shell lives on; the retry on a fresh worker must not run the
 * same command beside it in the same tree. The file holds the pid and the process's start
 * instant, so a recycled pid is never mistaken for the orphan.
 */
final class StaleRuns {
  private static final Logger log = LoggerFactory.getLogger(StaleRuns.class);

  private StaleRuns() {}

  static Path pidFile(Path output) {
    return output.resolveSibling(output.getFileName() + ".pid");
  }

  /** Kills the process (and its descendants) recorded in {@code pidFile} if it is still the same one. */
  static void reap(Path pidFile) throws IOException {
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    String[] parts = Files.readString(pidFile, StandardCharsets.UTF_8).trim().split("\\s+");
    Files.delete(pidFile);
    if (parts.length != 2) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(parts[0]);
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(p -> p.info().startInstant().map(Instant::toString).orElse("").equals(parts[1]));
    orphan.ifPresent(p -> {
      log.warn("stopping a run a previous attempt left behind pid={} command={}", pid, p.info().commandLine().orElse("?"));
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> p).join();
    });
  }

  static void record(Path pidFile, Process process) throws IOException {
    String started = process.toHandle().info().startInstant().map(Instant::toString).orElse("");
    Files.writeString(pidFile, process.pid() + " " + started + "\n", StandardCharsets.UTF_8);
  }
}
