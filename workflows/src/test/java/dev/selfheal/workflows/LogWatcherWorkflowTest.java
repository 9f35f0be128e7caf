package dev.selfheal.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.selfheal.workflows.activities.LogWatchActivities;
import dev.selfheal.workflows.messages.commands.LogWatchRequest;
import dev.selfheal.workflows.messages.commands.StopWatchRequest;
import dev.selfheal.workflows.messages.queries.LogWatchState;
import dev.selfheal.workflows.messages.requests.TailRequest;
import dev.selfheal.workflows.messages.values.FileCheckpoint;
import dev.selfheal.workflows.messages.values.LogSource;
import dev.selfheal.workflows.messages.values.LogWatchCheckpoint;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogWatcherWorkflowTest {
  private static final String SERVICE = "report-service";
  private static final List<LogSource> SOURCES = List.of(new LogSource("/var/log/report.log", "auto"));

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private LogWatchActivities watch;
  private final List<TailRequest> tails = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() {
    env = TestWorkflowEnvironment.newInstance();
    watch = mock(LogWatchActivities.class, withSettings().withoutAnnotations());
    env.newWorker(TaskQueues.ORCHESTRATION).registerWorkflowImplementationTypes(LogWatcherWorkflowImpl.class);
    env.newWorker(TaskQueues.IO).registerActivitiesImplementations(watch);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stopServer() {
    env.close();
  }

  /** Each tail run advances the file's offset by 100 bytes and raises one alert. */
  private void tailAdvancesAndStopsAfter(int runs) {
    tailAdvancesAndStopsAfter(runs, new CountDownLatch(0));
  }

  /** @param firstRunLasts the first tail run returns once this opens, as a real one takes minutes */
  private void tailAdvancesAndStopsAfter(int runs, CountDownLatch firstRunLasts) {
    when(watch.tail(any())).thenAnswer(call -> {
      if (tails.isEmpty()) {
        firstRunLasts.await(10, TimeUnit.SECONDS);
      }
      TailRequest request = call.getArgument(0);
      tails.add(request);
      LogWatchCheckpoint in = request.checkpoint();
      long offset = in.files().isEmpty() ? 0 : in.files().get(0).offset();
      if (tails.size() == runs) {
        client.newWorkflowStub(LogWatcherWorkflow.class, LogWatcherWorkflow.workflowId(SERVICE))
            .stop(new StopWatchRequest("test done"));
      }
      return new LogWatchCheckpoint(
          List.of(new FileCheckpoint(SOURCES.get(0).path(), "(ino=1)", "ab", 2, offset + 100, false)),
          List.of(), in.alertsRaised() + 1, 0);
    });
  }

  @Test
  void continuesAsNewCarryingTheCheckpointSoNoOffsetIsLost() {
    int runs = LogWatcherWorkflowImpl.MAX_TAIL_RUNS + 5;
    tailAdvancesAndStopsAfter(runs);

    new LogWatcherClient(client).ensureRunning(new LogWatchRequest(SERVICE, SOURCES, 3, 60, null));
    WorkflowStub.fromTyped(client.newWorkflowStub(LogWatcherWorkflow.class, LogWatcherWorkflow.workflowId(SERVICE)))
        .getResult(Void.class);

    assertThat(tails).hasSize(runs);
    for (int i = 0; i < runs; i++) {
      TailRequest tail = tails.get(i);
      long offset = tail.checkpoint().files().isEmpty() ? 0 : tail.checkpoint().files().get(0).offset();
      assertThat(offset).as("offset handed to tail run %d", i).isEqualTo(100L * i);
      assertThat(tail.checkpoint().alertsRaised()).as("alerts carried into run %d", i).isEqualTo(i);
      assertThat(tail.threshold()).isEqualTo(3);
      assertThat(tail.windowSeconds()).isEqualTo(60);
      assertThat(tail.watcherId()).isEqualTo("logwatch-" + SERVICE);
    }
    List<HistoryEvent> firstRun = firstRunHistory();
    assertThat(firstRun.get(firstRun.size() - 1).getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    LogWatchState state = client.newWorkflowStub(LogWatcherWorkflow.class, LogWatcherWorkflow.workflowId(SERVICE)).state();
    assertThat(state.tailRuns()).as("runs in the continued workflow").isEqualTo(5);
    assertThat(state.alertsRaised()).isEqualTo(runs);
    assertThat(state.files().get(0).offset()).isEqualTo(100L * runs);
    assertThat(state.stopping()).isTrue();
  }

  @Test
  void aSecondEnsureWithNewSettingsReachesTheRunningWatcherWhichKeepsItsCheckpoint() throws Exception {
    CountDownLatch ensured = new CountDownLatch(1);
    tailAdvancesAndStopsAfter(3, ensured);
    LogWatcherClient watchers = new LogWatcherClient(client);
    boolean first = watchers.ensureRunning(new LogWatchRequest(SERVICE, SOURCES, 0, 0, null));
    boolean same = watchers.ensureRunning(new LogWatchRequest(SERVICE, SOURCES, 0, 0, null));
    boolean changed = watchers.ensureRunning(new LogWatchRequest(SERVICE, SOURCES, 9, 0, null));
    ensured.countDown();
    WorkflowStub.fromTyped(client.newWorkflowStub(LogWatcherWorkflow.class, LogWatcherWorkflow.workflowId(SERVICE)))
        .getResult(Void.class);

    assertThat(first).isTrue();
    assertThat(same).isFalse();
    assertThat(changed).isFalse();
    assertThat(tails.get(0).threshold()).isEqualTo(LogWatchRequest.DEFAULT_THRESHOLD);
    assertThat(tails.get(tails.size() - 1).threshold()).as("the new threshold after the current run").isEqualTo(9);
    // the run after the change resumes where the one before it stopped
    assertThat(tails.get(1).checkpoint().files().get(0).offset()).isEqualTo(100L);
  }

  @Test
  void aRequestWithABadFormatIsRefusedBeforeAnythingStarts() {
    LogWatcherClient watchers = new LogWatcherClient(client);
    assertThatThrownBy(() -> watchers.ensureRunning(
            new LogWatchRequest(SERVICE, List.of(new LogSource("/x.log", "xml")), 0, 0, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format 'xml'");
    assertThatThrownBy(() -> watchers.ensureRunning(new LogWatchRequest("Bad Name", SOURCES, 0, 0, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid name");
    assertThat(tails).isEmpty();
  }

  @Test
  void aBadRequestStartedDirectlyFailsTheWorkflowNamingTheProblem() {
    LogWatcherWorkflow watcher = client.newWorkflowStub(LogWatcherWorkflow.class,
        io.temporal.client.WorkflowOptions.newBuilder()
            .setWorkflowId("logwatch-bad").setTaskQueue(TaskQueues.ORCHESTRATION).build());

    assertThatThrownBy(() -> watcher.run(new LogWatchRequest("bad", List.of(), 0, 0, null)))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(Errors.CONFIG_INVALID.name());
          assertThat(f.getOriginalMessage()).contains("no log sources");
        });
  }

  private List<HistoryEvent> firstRunHistory() {
    String workflowId = LogWatcherWorkflow.workflowId(SERVICE);
    // the first run of the id: the one whose history starts without a continued-from run
    List<HistoryEvent> events = client.fetchHistory(workflowId).getEvents();
    String previous = events.get(0).getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
    assertThat(previous).as("the latest run was continued from an earlier one").isNotEmpty();
    return client.fetchHistory(workflowId, previous).getEvents();
  }
}
