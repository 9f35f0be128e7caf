package dev.selfheal.starter.realserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.starter.Polling;
import dev.selfheal.starter.audit.IncidentEffects;
import dev.selfheal.starter.dev.ScratchDevServer;
import dev.selfheal.starter.worker.WorkerProcess;
import dev.selfheal.workflows.IncidentIds;
import dev.selfheal.workflows.messages.commands.ApproveRequest;
import dev.selfheal.workflows.messages.commands.IncidentResult;
import dev.selfheal.workflows.messages.queries.IncidentStatus;
import dev.selfheal.workflows.messages.values.Outcome;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every side effect of the incident path survives losing its completion, on the real dev server:
 * the worker JVM halts right after the effect (a fresh worker finishes the incident), or every
 * effect's first attempt fails after the effect was made and is retried. The world then holds
 * each effect once, and the history shows the faulted activity really ran again.
 */
class SideEffectIdempotencyTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String ALL = "orchestration,io,repair";
  /** Activity types of the incident path that change the world, in the order they run. */
  private static final List<String> SIDE_EFFECTS = List.of(
      "OpenTicket", "PrepareWorktree", "ApplyFix", "OpenReview", "UpdateReview", "Merge", "Deploy", "CloseWithPostmortem", "RecordLesson");

  private static ScratchDevServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = RealServer.start("side-effects");
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  /**
   * The effects a reviewer and production see: the fix commit, the pull request, the merge and
   * the deploy. The other side effects (ticket, worktree, review notes, post-mortem, lesson) are
   * left to the retry case, which makes each of them twice over; a halt costs each about 40 s.
   */
  @ParameterizedTest(name = "halt-after:{0}")
  @ValueSource(strings = {"ApplyFix", "OpenReview", "Merge", "Deploy"})
  void workerHaltedRightAfterASideEffectLeavesItOnce(String activityType) throws Exception {
    // closing the halted worker stops it only if it failed to halt, so no JVM outlives a failed case
    try (ExampleIncident example = ExampleIncident.prepare(server, "halt-" + activityType.toLowerCase());
        WorkerProcess halted = worker(example, "--faults", "halt-after:" + activityType)) {
      example.raise("halt-after-" + activityType);
      approveWhileAlive(example, halted);
      assertThat(halted.waitForExit(TIMEOUT)).as("exit code of the worker halted after %s", activityType).isEqualTo(137);
      assertThat(Files.readString(halted.log())).contains("fault injected fault=halt-after activityType=" + activityType);

      try (WorkerProcess fresh = worker(example)) {
        assertResolvedWithEveryEffectOnce(example, finish(example));
        assertThat(startedAttempt(example, activityType)).as("attempt of %s that completed", activityType).isGreaterThanOrEqualTo(2);
      }
    }
  }

  @Test
  void everySideEffectRetriedOnceAfterItWasMadeLeavesItOnce() throws Exception {
    String faults = String.join(",", SIDE_EFFECTS.stream().map(type -> "fail-after:" + type).toList());
    try (ExampleIncident example = ExampleIncident.prepare(server, "fail-after-all");
        WorkerProcess worker = worker(example, "--faults", faults)) {
      example.raise("fail-after-all");
      assertResolvedWithEveryEffectOnce(example, finish(example));
      String log = Files.readString(worker.log());
      for (String type : SIDE_EFFECTS) {
        assertThat(log).contains("fault injected fault=fail-after activityType=" + type);
        assertThat(startedAttempt(example, type)).as("attempt of %s that completed", type).isGreaterThanOrEqualTo(2);
      }
    }
  }

  private static WorkerProcess worker(ExampleIncident example, String... extraArgs) throws Exception {
    return WorkerProcess.start(
        server.server().address(), example.catalog(), example.workspace(), "host-a", ALL, example.dir().resolve("logs"), extraArgs);
  }

  /**
   * Until the worker halts, approves the diff once it is proposed: halts after merge or deploy
   * need the approval first. Queries may fail while the worker dies under them.
   */
  private static void approveWhileAlive(ExampleIncident example, WorkerProcess worker) throws Exception {
    boolean halted = Polling.until(TIMEOUT, Duration.ofMillis(200), () -> {
      if (!worker.isAlive()) {
        return true;
      }
      approveIfAwaited(example);
      return false;
    });
    assertThat(halted).as("worker halted within %s", TIMEOUT).isTrue();
  }

  /** Approves whenever the incident waits for it (whichever worker answers), then waits for the end. */
  private static IncidentResult finish(ExampleIncident example) throws Exception {
    boolean closed = Polling.until(TIMEOUT, Duration.ofMillis(200), () -> {
      if (isClosed(example)) {
        return true;
      }
      approveIfAwaited(example);
      return false;
    });
    assertThat(closed).as("incident %s closed within %s", example.incidentId(), TIMEOUT).isTrue();
    return example.awaitResult(TIMEOUT);
  }

  private static void approveIfAwaited(ExampleIncident example) {
    try {
      IncidentStatus status = example.incident().status();
      if (status.awaitingApproval()) {
        example.incident().approve(new ApproveRequest(status.diffSha256(), "sre-on-call", "approved in test"));
      }
    } catch (RuntimeException noAnswer) {
      // the worker died under the query or the update; the next poll's status says whether it landed
    }
  }

  private static boolean isClosed(ExampleIncident example) {
    WorkflowExecutionStatus status = server.connection().client().newUntypedWorkflowStub(example.incidentId())
        .describe().getRawDescription().getWorkflowExecutionInfo().getStatus();
    return status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }

  private static void assertResolvedWithEveryEffectOnce(ExampleIncident example, IncidentResult result) throws Exception {
    assertThat(result.outcome()).as("outcome; %s", result.reason()).isEqualTo(Outcome.RESOLVED);
    IncidentEffects effects = example.effects();
    assertThat(effects.duplicates()).as("side effects not exactly once: %s", effects).isEmpty();
    assertThat(effects.reviewEvents()).as("review events").containsEntry("merged", 1);
    try (Git git = Git.open(example.origin().toFile())) {
      assertThat(git.getRepository().findRef("refs/heads/" + IncidentIds.branch(example.incidentId())))
          .as("the incident's branch in the origin").isNotNull();
    }
    Path incidentDir = example.workspace().resolve("incidents").resolve(example.incidentId());
    String ticket = Files.readString(incidentDir.resolve("ticket.md"));
    assertThat(ticket).as("ticket").contains("Status: closed (resolved)");
    assertThat(occurrences(ticket, "\nPost-mortem: ")).as("post-mortem lines in the ticket").isEqualTo(1);
    String lessons = Files.readString(example.workspace().resolve("lessons.jsonl"));
    assertThat(occurrences(lessons, "\"incidentId\":\"" + example.incidentId() + "\"")).as("lessons recorded").isEqualTo(1);
  }

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      count++;
    }
    return count;
  }

  /** Highest attempt of the type that reached ActivityTaskStarted; a retried activity records only its last. */
  private static int startedAttempt(ExampleIncident example, String activityType) {
    List<HistoryEvent> events = server.connection().client().fetchHistory(example.incidentId()).getEvents();
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .filter(e -> events.get((int) e.getActivityTaskStartedEventAttributes().getScheduledEventId() - 1)
            .getActivityTaskScheduledEventAttributes().getActivityType().getName().equals(activityType))
        .mapToInt(e -> e.getActivityTaskStartedEventAttributes().getAttempt())
        .max()
        .orElse(0);
  }
}
