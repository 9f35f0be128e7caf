package dev.selfheal.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.selfheal.workflows.activities.FlapEscalationActivities;
import dev.selfheal.workflows.activities.HealthProbeActivities;
import dev.selfheal.workflows.activities.RestartActivities;
import dev.selfheal.workflows.messages.commands.PauseRequest;
import dev.selfheal.workflows.messages.commands.ResumeRequest;
import dev.selfheal.workflows.messages.commands.SupervisionRequest;
import dev.selfheal.workflows.messages.queries.SupervisorState;
import dev.selfheal.workflows.messages.values.EscalationResult;
import dev.selfheal.workflows.messages.values.HealthCheck;
import dev.selfheal.workflows.messages.values.RestartRecord;
import dev.selfheal.workflows.messages.values.ServiceCommand;
import dev.selfheal.workflows.messages.values.SupervisionPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Supervisor loop on the time-skipping test server, with mocked probe, restart and escalation. */
class SupervisorWorkflowTest {
  private static final String SERVICE = "report-service";
  private static final String INCIDENT = "incident-report-service-flapping";

  private TestWorkflowEnvironment env;
  private SupervisorClient supervisors;
  private HealthProbeActivities probes;
  private RestartActivities restarts;
  private FlapEscalationActivities escalations;
  private FakeSupervisedService service;
  private long t0;

  @BeforeEach
  void startServer() {
    env = TestWorkflowEnvironment.newInstance();
    probes = mock(HealthProbeActivities.class, withSettings().withoutAnnotations());
    restarts = mock(RestartActivities.class, withSettings().withoutAnnotations());
    escalations = mock(FlapEscalationActivities.class, withSettings().withoutAnnotations());
    env.newWorker(TaskQueues.ORCHESTRATION).registerWorkflowImplementationTypes(SupervisorWorkflowImpl.class);
    env.newWorker(TaskQueues.IO).registerActivitiesImplementations(probes, restarts, escalations);
    env.start();
    supervisors = new SupervisorClient(env.getWorkflowClient());
    t0 = env.currentTimeMillis();
    service = new FakeSupervisedService(env::currentTimeMillis);
    when(probes.probeHealth(any())).thenAnswer(i -> service.probe());
    when(restarts.restartService(any())).thenAnswer(i -> service.restart());
    when(escalations.escalateFlapping(any())).thenReturn(new EscalationResult(INCIDENT, false));
    when(escalations.noteRestart(any())).thenReturn(true);
  }

  @AfterEach
  void stopServer() {
    env.close();
  }

  private static SupervisionRequest request(SupervisionPolicy policy) {
    return new SupervisionRequest(
        SERVICE,
        HealthCheck.http("http://127.0.0.1:8088/health"),
        new ServiceCommand("bash deploy.sh", "/srv/report-service", Map.of("PORT", "8088"), 60),
        policy,
        List.of("/srv/run/logs/report-service.jsonl"),
        null);
  }

  /** Defaults except the flap rule, which is out of reach. */
  private static SupervisionPolicy neverFlaps(int historyEvents) {
    return new SupervisionPolicy(0, 0, 0, 0, 1000, 0, 0, historyEvents);
  }

  private SupervisorState state() {
    return supervisors.supervisor(SERVICE).state();
  }

  private void sleepUntil(long secondsAfterStart) {
    env.sleep(Duration.ofMillis(t0 + secondsAfterStart * 1000 - env.currentTimeMillis()));
  }

  private static List<Long> backoffs(SupervisorState state) {
    return state.recentRestarts().stream().map(RestartRecord::backoffSeconds).toList();
  }

  @Test
  void backoffDoublesFromOneSecondUpToTheOneHourCap() {
    service.crashLoop(true);
    supervisors.ensureRunning(request(neverFlaps(0)));

    sleepUntil(4 * 3600);

    SupervisorState state = state();
    assertThat(backoffs(state)).startsWith(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L, 1024L, 2048L, 3600L, 3600L);
    assertThat(backoffs(state)).allMatch(b -> b <= 3600);
    assertThat(state.backoffSeconds()).isEqualTo(3600);
    // each restart came after its backoff on the durable timer, not before
    assertThat(state.recentRestarts())
        .allSatisfy(r -> assertThat(r.restartedAtMillis() - r.crashedAtMillis())
            .isBetween(r.backoffSeconds() * 1000, r.backoffSeconds() * 1000 + 1000));
    verify(escalations, never()).escalateFlapping(any());
  }

  @Test
  void backoffResetsAfter120SecondsHealthy() {
    service.crashAt(t0 + 5_000).crashAt(t0 + 30_000).crashAt(t0 + 300_000).crashAt(t0 + 320_000);
    supervisors.ensureRunning(request(SupervisionPolicy.defaults()));

    sleepUntil(400);

    // 1, 2, then more than 120 s healthy: back to 1; the next crash soon after doubles again
    assertThat(backoffs(state())).containsExactly(1L, 2L, 1L, 2L);
    assertThat(state().healthy()).isTrue();
  }

  @Test
  void fiveCrashesWithin300SecondsEscalateOnceAndPauseRestartsForTheCoolDown() {
    service.crashLoop(true);
    supervisors.ensureRunning(request(SupervisionPolicy.defaults()));

    // crashes at ~0, 11, 23, 37, 55 s: the fifth is flapping
    sleepUntil(120);
    verify(restarts, times(4)).restartService(any());
    verify(escalations, times(1)).escalateFlapping(argThat(e ->
        e.service().equals(SERVICE) && e.title().contains("flapping") && e.restarts().size() == 4
            && e.logFiles().equals(List.of("/srv/run/logs/report-service.jsonl"))));
    SupervisorState flapping = state();
    assertThat(flapping.flappingUntilMillis()).isGreaterThan(env.currentTimeMillis());
    assertThat(flapping.lastEscalation()).contains(INCIDENT);

    // well into the 15 min cool-down: nothing restarted, nothing escalated again
    sleepUntil(900);
    verify(restarts, times(4)).restartService(any());
    verify(escalations, times(1)).escalateFlapping(any());

    // the service would come up now; after the cool-down restarts resume and the incident hears of them
    service.crashLoop(false);
    sleepUntil(1100);
    verify(restarts, times(5)).restartService(any());
    verify(escalations, times(1)).escalateFlapping(any());
    verify(escalations, times(1)).noteRestart(argThat(n -> n.incidentId().equals(INCIDENT) && n.restart().exitCode() == 0));
    SupervisorState after = state();
    assertThat(after.flappingUntilMillis()).isZero();
    assertThat(after.healthy()).isTrue();
    assertThat(after.recentRestarts().get(4).backoffSeconds()).isEqualTo(16);
  }

  @Test
  void crashesSpreadWiderThanTheWindowNeverEscalate() {
    for (int i = 1; i <= 8; i++) {
      service.crashAt(t0 + i * 100_000L);
    }
    supervisors.ensureRunning(request(SupervisionPolicy.defaults()));

    sleepUntil(1000);

    verify(restarts, times(8)).restartService(any());
    verify(escalations, never()).escalateFlapping(any());
    assertThat(state().crashesInWindow()).isLessThan(5);
  }

  @Test
  void countersAndBackoffSurviveContinueAsNew() {
    service.crashLoop(true);
    supervisors.ensureRunning(request(neverFlaps(60)));
    String firstRun = env.getWorkflowClient().newUntypedWorkflowStub(SupervisorWorkflow.workflowId(SERVICE))
        .describe().getExecution().getRunId();

    sleepUntil(400);

    SupervisorState state = state();
    assertThat(state.continuedAsNew()).isGreaterThanOrEqualTo(2);
    assertThat(state.restarts()).isEqualTo(8);
    assertThat(backoffs(state)).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L);
    assertThat(state.backoffSeconds()).isEqualTo(256);
    String lastRun = env.getWorkflowClient().newUntypedWorkflowStub(SupervisorWorkflow.workflowId(SERVICE))
        .describe().getExecution().getRunId();
    assertThat(lastRun).isNotEqualTo(firstRun);
  }

  @Test
  void pausedSupervisorNeitherProbesNorRestartsUntilResumed() {
    service.crashLoop(true);
    supervisors.ensureRunning(request(neverFlaps(0)));
    supervisors.supervisor(SERVICE).pause(new PauseRequest("alice", "maintenance"));
    sleepUntil(600);
    int probedWhilePaused = mockingDetails(probes).getInvocations().size();
    assertThat(probedWhilePaused).isLessThanOrEqualTo(1);
    assertThat(state().paused()).isTrue();

    supervisors.supervisor(SERVICE).resume(new ResumeRequest("alice", "done"));
    sleepUntil(605); // crash seen at once, restarted after the 1 s backoff; the next probe is at 611
    verify(restarts, times(1)).restartService(any());
    assertThat(state().paused()).isFalse();
  }

  @Test
  void ensuringAgainWithTheSameSettingsChangesNothingAndNewSettingsKeepEveryCounter() {
    service.crashAt(t0 + 5_000).crashAt(t0 + 30_000);
    assertThat(supervisors.ensureRunning(request(SupervisionPolicy.defaults()))).isTrue();
    sleepUntil(60);
    String firstRun = runId();

    assertThat(supervisors.ensureRunning(request(SupervisionPolicy.defaults()))).isFalse();
    sleepUntil(80);
    assertThat(runId()).as("same settings: same run").isEqualTo(firstRun);

    // the catalog moved the service to another port
    SupervisionRequest moved = new SupervisionRequest(SERVICE, HealthCheck.http("http://127.0.0.1:9099/health"),
        new ServiceCommand("bash deploy.sh", "/srv/report-service", Map.of("PORT", "9099"), 60),
        SupervisionPolicy.defaults(), List.of("/srv/run/logs/report-service.jsonl"), null);
    assertThat(supervisors.ensureRunning(moved)).isFalse();
    sleepUntil(110);

    assertThat(runId()).as("new settings: continued as new").isNotEqualTo(firstRun);
    assertThat(state().restarts()).as("counters carried").isEqualTo(2);
    assertThat(backoffs(state())).containsExactly(1L, 2L);
    verify(probes, org.mockito.Mockito.atLeastOnce())
        .probeHealth(argThat(p -> p.health().url().equals("http://127.0.0.1:9099/health")));
  }

  private String runId() {
    return env.getWorkflowClient().newUntypedWorkflowStub(SupervisorWorkflow.workflowId(SERVICE))
        .describe().getExecution().getRunId();
  }

  @Test
  void badRequestIsRefusedByTheClientAndFailsTheWorkflowWithItsReason() {
    SupervisionRequest noHealth = new SupervisionRequest(SERVICE, new HealthCheck(null, null, 0),
        new ServiceCommand("bash deploy.sh", "/srv", Map.of(), 0), null, null, null);
    assertThatThrownBy(() -> supervisors.ensureRunning(noHealth))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one of url or command");

    WorkflowClient client = env.getWorkflowClient();
    SupervisorWorkflow stub = client.newWorkflowStub(SupervisorWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId("supervisor-bad").setTaskQueue(TaskQueues.ORCHESTRATION).build());
    assertThatThrownBy(() -> stub.run(noHealth))
        .isInstanceOf(WorkflowFailedException.class)
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(Errors.INVALID_REQUEST.name());
          assertThat(f.getOriginalMessage()).contains("health needs exactly one of url or command");
        });
  }
}
