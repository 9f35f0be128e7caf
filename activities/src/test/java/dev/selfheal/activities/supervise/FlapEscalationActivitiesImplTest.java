package dev.selfheal.activities.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.workflows.IncidentIds;
import dev.selfheal.workflows.IncidentSearchAttributes;
import dev.selfheal.workflows.IncidentClient;
import dev.selfheal.workflows.IncidentWorkflow;
import dev.selfheal.workflows.TaskQueues;
import dev.selfheal.workflows.messages.commands.IncidentResult;
import dev.selfheal.workflows.messages.queries.TimelineEntry;
import dev.selfheal.workflows.messages.requests.FlapEscalationRequest;
import dev.selfheal.workflows.messages.requests.RestartNoteRequest;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.EscalationResult;
import dev.selfheal.workflows.messages.values.RestartRecord;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Escalation against a test server holding a stand-in incident workflow. */
class FlapEscalationActivitiesImplTest {
  private static final String SERVICE = "report-service";
  private static final String INCIDENT = IncidentIds.incidentId(SERVICE, "flapping");

  @TempDir Path dir;
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final FlapEscalationActivitiesImpl escalations = new FlapEscalationActivitiesImpl();

  @BeforeEach
  void startServer() {
    env = TestWorkflowEnvironment.newInstance();
    for (var key : IncidentSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    env.newWorker(TaskQueues.ORCHESTRATION).registerWorkflowImplementationTypes(RecordingIncidentWorkflow.class);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stopServer() {
    env.close();
  }

  private FlapEscalationRequest episode(String id, Path log) {
    List<RestartRecord> restarts = List.of(
        new RestartRecord(1_000, 1, 2_000, 3, 40, "starting\nFATAL: address in use"),
        new RestartRecord(12_000, 2, 14_000, 3, 41, "FATAL: address in use"));
    return new FlapEscalationRequest(SERVICE, id, "report-service is flapping: 5 crashes within 300s", List.of(log.toString()), restarts);
  }

  /** Polls the incident's history until the alert id is there, for at most 5 s. */
  private boolean awaitDelivered(String alertId) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!new IncidentClient(client).delivered(INCIDENT, alertId)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  private List<TimelineEntry> alerts() {
    return client.newWorkflowStub(IncidentWorkflow.class, INCIDENT).timeline();
  }

  @Test
  void theSameEpisodeRaisedTwiceReachesTheIncidentOnce() throws Exception {
    Path log = Files.writeString(dir.resolve("service.log"), "boot\nERROR db pool exhausted\n");

    EscalationResult first = escalations.escalate(client, episode("flap-1-abc", log));
    EscalationResult retried = escalations.escalate(client, episode("flap-1-abc", log));

    assertThat(first).isEqualTo(new EscalationResult(INCIDENT, false));
    assertThat(retried).isEqualTo(new EscalationResult(INCIDENT, true));
    List<TimelineEntry> alerts = alerts();
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).event()).isEqualTo("high");
    assertThat(alerts.get(0).detail())
        .contains("report-service is flapping")
        .contains("ERROR db pool exhausted")
        .contains("exit 3 in 40ms output: starting | FATAL: address in use");
  }

  @Test
  void aLaterEpisodeJoinsTheSameOpenIncident() throws Exception {
    Path log = Files.writeString(dir.resolve("service.log"), "x\n");
    escalations.escalate(client, episode("flap-1-abc", log));
    EscalationResult second = escalations.escalate(client, episode("flap-2-def", log));

    assertThat(second.incidentId()).isEqualTo(INCIDENT);
    assertThat(alerts()).hasSize(2);
  }

  @Test
  void restartsAreNotedWhileTheIncidentIsOpenAndNotAfterItCloses() throws Exception {
    escalations.escalate(client, episode("flap-1-abc", Files.writeString(dir.resolve("service.log"), "x\n")));
    RestartRecord restart = new RestartRecord(900_000, 16, 916_000, 0, 30, "started");

    assertThat(escalations.note(client, new RestartNoteRequest(SERVICE, INCIDENT, "restart-5-aa", restart))).isTrue();
    // a retry finds the first delivery in the history once the server has written it there (a
    // retry that comes sooner is counted once by the incident itself, see IncidentWorkflowTest)
    assertThat(awaitDelivered("restart-5-aa")).isTrue();
    assertThat(escalations.note(client, new RestartNoteRequest(SERVICE, INCIDENT, "restart-5-aa", restart))).isTrue();
    assertThat(alerts()).hasSize(2);
    assertThat(alerts().get(1).detail()).contains("restarted after escalation").contains("waited 16s").contains("exit 0");

    client.newUntypedWorkflowStub(INCIDENT)
        .signal("alert", new Alert("test", SERVICE, "flapping", "resolved", "info", null, "resolved", Map.of(), Map.of()));
    client.newUntypedWorkflowStub(INCIDENT).getResult(IncidentResult.class);
    assertThat(escalations.note(client, new RestartNoteRequest(SERVICE, INCIDENT, "restart-6-bb", restart))).isFalse();
  }
}
