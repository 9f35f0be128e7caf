package dev.selfheal.activities.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.activities.Workspace;
import dev.selfheal.workflows.IncidentIds;
import dev.selfheal.workflows.IncidentSearchAttributes;
import dev.selfheal.workflows.IncidentWorkflow;
import dev.selfheal.workflows.SupervisorClient;
import dev.selfheal.workflows.SupervisorWorkflowImpl;
import dev.selfheal.workflows.TaskQueues;
import dev.selfheal.workflows.messages.commands.SupervisionRequest;
import dev.selfheal.workflows.messages.queries.SupervisorState;
import dev.selfheal.workflows.messages.queries.TimelineEntry;
import dev.selfheal.workflows.messages.values.HealthCheck;
import dev.selfheal.workflows.messages.values.ServiceCommand;
import dev.selfheal.workflows.messages.values.SupervisionPolicy;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real service that dies on every start (it logs a fatal error and exits 3), nobody on its
 * health port, the real probe, restart and escalation activities, and the supervisor on the
 * time-skipping test server: five crashes open one incident with the service's own log lines.
 */
class CrashLoopEndToEndTest {
  @TempDir Path dir;

  @Test
  void aServiceThatDiesOnEveryStartIsEscalatedOnceWithItsLogLines() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path log = dir.resolve("service.log");
    String start = "echo \"$(date +%s) starting on port $PORT\" >> service.log; "
        + "echo \"$(date +%s) FATAL config key db.url is missing\" >> service.log; exit 3";
    SupervisionRequest request = new SupervisionRequest("crashy",
        HealthCheck.http("http://127.0.0.1:" + port + "/health"),
        new ServiceCommand(start, dir.toString(), Map.of("PORT", Integer.toString(port)), 30),
        SupervisionPolicy.defaults(), List.of(log.toString()), null);

    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      for (var key : IncidentSearchAttributes.ALL) {
        env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      }
      env.newWorker(TaskQueues.ORCHESTRATION)
          .registerWorkflowImplementationTypes(SupervisorWorkflowImpl.class, RecordingIncidentWorkflow.class);
      Workspace workspace = new Workspace(dir.resolve("work"));
      env.newWorker(TaskQueues.IO).registerActivitiesImplementations(
          new HealthProbeActivitiesImpl(workspace), new RestartActivitiesImpl(workspace), new FlapEscalationActivitiesImpl());
      env.start();
      SupervisorClient supervisors = new SupervisorClient(env.getWorkflowClient());
      supervisors.ensureRunning(request);

      env.sleep(Duration.ofMinutes(5));

      SupervisorState state = supervisors.supervisor("crashy").state();
      assertThat(state.restarts()).isEqualTo(4);
      assertThat(state.recentRestarts()).allSatisfy(r -> assertThat(r.exitCode()).isEqualTo(3));
      assertThat(state.flappingUntilMillis()).isGreaterThan(env.currentTimeMillis());
      assertThat(Files.readAllLines(log)).hasSize(8);

      String incident = IncidentIds.incidentId("crashy", "flapping");
      assertThat(state.openIncident()).isEqualTo(incident);
      List<TimelineEntry> alerts = env.getWorkflowClient().newWorkflowStub(IncidentWorkflow.class, incident).timeline();
      assertThat(alerts).hasSize(1);
      assertThat(alerts.get(0).detail())
          .contains("crashy is flapping: 5 crashes within 300s despite 4 restarts")
          .contains("FATAL config key db.url is missing")
          .contains("backoff 8s");
    }
  }
}
