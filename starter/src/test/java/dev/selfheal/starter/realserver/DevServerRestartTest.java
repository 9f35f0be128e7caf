package dev.selfheal.starter.realserver;

import dev.selfheal.starter.dev.ScratchDevServer;
import dev.selfheal.starter.audit.IncidentEffects;

import dev.selfheal.starter.worker.WorkerProcess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.workflows.messages.commands.IncidentResult;
import dev.selfheal.workflows.messages.values.Outcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dev server is stopped and started again on the same SQLite file in the middle of an
 * incident; the worker reconnects on its own and the incident finishes, each effect once.
 */
class DevServerRestartTest {
  private static final Duration STAGE_TIMEOUT = Duration.ofSeconds(120);

  private static ScratchDevServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = RealServer.start("server-restart");
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void anIncidentSurvivesAServerRestart() throws Exception {
    try (ExampleIncident example = ExampleIncident.prepare(server, "restart");
        WorkerProcess worker = WorkerProcess.start(server.server().address(), example.catalog(), example.workspace(),
            "host-a", "orchestration,io,repair", example.dir().resolve("logs"))) {
      String id = example.raise("server-restart");
      example.awaitRunningActivity("RunTests", STAGE_TIMEOUT);
      Instant before = Instant.now();

      server.server().restart();

      IncidentResult result = example.approveAndFinish(STAGE_TIMEOUT);
      assertThat(worker.isAlive()).as("the same worker reconnected").isTrue();
      assertThat(result.outcome()).as("outcome; %s", result.reason()).isEqualTo(Outcome.RESOLVED);
      IncidentEffects effects = example.effects();
      assertThat(effects.duplicates()).as("side effects not exactly once: %s", effects).isEmpty();
      // the history from before the restart came back from the SQLite file
      var first = server.connection().client().fetchHistory(id).getEvents().get(0).getEventTime();
      assertThat(Instant.ofEpochSecond(first.getSeconds())).isBefore(before);
    }
  }
}
