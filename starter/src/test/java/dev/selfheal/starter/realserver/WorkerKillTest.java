package dev.selfheal.starter.realserver;

import dev.selfheal.starter.Polling;
import dev.selfheal.starter.dev.ScratchDevServer;
import dev.selfheal.starter.audit.IncidentEffects;

import dev.selfheal.starter.worker.WorkerProcess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.workflows.messages.commands.IncidentResult;
import dev.selfheal.workflows.messages.values.Outcome;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The worker runs as its own JVM on the real dev server and is SIGKILLed at the three moments
 * that hurt most; a fresh worker on the same host finishes the incident, and the world shows
 * every side effect exactly once.
 */
class WorkerKillTest {
  private static final Duration STAGE_TIMEOUT = Duration.ofSeconds(120);
  private static final String ALL = "orchestration,io,repair";

  private static ScratchDevServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = RealServer.start("worker-kill");
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void killedWhileWaitingForApproval() throws Exception {
    try (ExampleIncident example = ExampleIncident.prepare(server, "approval-wait")) {
      WorkerProcess first = worker(example, "host-a");
      example.raise("kill-at-approval");
      example.awaitStatus(s -> s.awaitingApproval(), STAGE_TIMEOUT);

      first.kill();

      try (WorkerProcess fresh = worker(example, "host-a")) {
        assertFinishedOnce(example, example.approveAndFinish(STAGE_TIMEOUT), first);
      }
    }
  }

  @Test
  void killedInTheMiddleOfTheTestStage() throws Exception {
    try (ExampleIncident example = ExampleIncident.prepare(server, "mid-test")) {
      WorkerProcess first = worker(example, "host-a");
      example.raise("kill-mid-test");
      example.awaitRunningActivity("RunTests", STAGE_TIMEOUT);
      Thread.sleep(1000); // into the suite, not at its first instruction

      first.kill();

      try (WorkerProcess fresh = worker(example, "host-a")) {
        assertFinishedOnce(example, example.approveAndFinish(STAGE_TIMEOUT), first);
        // the kill interrupted the run: the server saw it time out and gave it to the fresh worker
        assertThat(startedAttempts(example, "RunTests")).as("RunTests attempt that completed").isGreaterThan(1);
      }
    }
  }

  @Test
  void killedRightAfterThePullRequestIsOpened() throws Exception {
    try (ExampleIncident example = ExampleIncident.prepare(server, "after-pr")) {
      WorkerProcess first = worker(example, "host-a");
      example.raise("kill-after-pr");
      var review = example.origin().resolve("selfheal-reviews").resolve(example.incidentId() + ".json");
      Polling.until(STAGE_TIMEOUT, Duration.ofMillis(20), () -> Files.exists(review));
      assertThat(review).as("review request written").exists();

      first.kill();

      try (WorkerProcess fresh = worker(example, "host-a")) {
        assertFinishedOnce(example, example.approveAndFinish(STAGE_TIMEOUT), first);
      }
    }
  }

  private static WorkerProcess worker(ExampleIncident example, String hostId) throws Exception {
    return WorkerProcess.start(server.server().address(), example.catalog(), example.workspace(), hostId, ALL, example.dir().resolve("logs"));
  }

  private static void assertFinishedOnce(ExampleIncident example, IncidentResult result, WorkerProcess killed) throws Exception {
    assertThat(killed.isAlive()).isFalse();
    assertThat(result.outcome()).as("outcome; %s", result.reason()).isEqualTo(Outcome.RESOLVED);
    IncidentEffects effects = example.effects();
    assertThat(effects.duplicates()).as("side effects not exactly once: %s", effects).isEmpty();
    // two worker JVMs did the work: the killed one and the fresh one
    assertThat(identities(example)).as("workers that ran activities").hasSize(2);
  }

  private static Set<String> identities(ExampleIncident example) {
    return events(example).stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .map(e -> e.getActivityTaskStartedEventAttributes().getIdentity())
        .collect(Collectors.toSet());
  }

  private static int startedAttempts(ExampleIncident example, String activityType) {
    List<HistoryEvent> events = events(example);
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .filter(e -> {
          HistoryEvent scheduled = events.get((int) e.getActivityTaskStartedEventAttributes().getScheduledEventId() - 1);
          return scheduled.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals(activityType);
        })
        .mapToInt(e -> e.getActivityTaskStartedEventAttributes().getAttempt())
        .max()
        .orElse(0);
  }

  private static List<HistoryEvent> events(ExampleIncident example) {
    return server.connection().client().fetchHistory(example.incidentId()).getEvents();
  }
}
