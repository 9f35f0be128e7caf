package dev.selfheal.activities;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellCommandTest {
  @TempDir Path dir;

  @Test
  void aRunAKilledWorkerLeftBehindIsStoppedBeforeTheRetry() throws Exception {
    Path output = dir.resolve("tests.log");
    // what a SIGKILLed worker leaves: its shell still running, the pid file naming it
    Process orphan = new ProcessBuilder("bash", "-c", "sleep 60").start();
    StaleRuns.record(StaleRuns.pidFile(output), orphan);

    ShellCommand.Result result = ShellCommand.run("echo retried", dir, Map.of(), output, Duration.ofSeconds(30));

    assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).as("orphan stopped").isTrue();
    assertThat(result.exitCode()).isZero();
    assertThat(result.tail()).containsExactly("retried");
    assertThat(StaleRuns.pidFile(output)).doesNotExist();
  }

  @Test
  void aPidFileNamingAnotherProcessNowIsLeftAlone() throws Exception {
    Path output = dir.resolve("tests.log");
    Process unrelated = new ProcessBuilder("bash", "-c", "sleep 60").start();
    try {
      // same pid, different start time: the pid was recycled, not ours to kill
      Files.writeString(StaleRuns.pidFile(output), unrelated.pid() + " 2001-01-01T00:00:00Z\n");

      ShellCommand.run("true", dir, Map.of(), output, Duration.ofSeconds(30));

      assertThat(unrelated.isAlive()).isTrue();
    } finally {
      unrelated.destroyForcibly();
    }
  }
}
