package dev.selfheal.starter.realserver;

import dev.selfheal.starter.SelfhealHome;
import dev.selfheal.starter.dev.ScratchDevServer;
import dev.selfheal.starter.audit.IncidentEffects;

import dev.selfheal.starter.worker.WorkerProcess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.workflows.messages.commands.IncidentResult;
import dev.selfheal.workflows.messages.values.IncidentSettings;
import dev.selfheal.workflows.messages.values.Outcome;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fleet split by capability: one worker orchestrates and does the light I/O, two repair hosts
 * (each with its own disk) share the repair work. The repair host running the tests is killed
 * for good; the incident moves its worktree to the other host and finishes, effects once.
 */
class WorkerFleetTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(180);

  private static ScratchDevServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = RealServer.start("fleet");
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void workSpreadsByCapabilityAndSurvivesLosingARepairHost() throws Exception {
    int healthPort = ScratchDevServer.freePort();
    try (ExampleIncident example = ExampleIncident.prepare(server, "fleet");
        WorkerProcess io = worker(example, "host-a", "orchestration,io", "--health-port", Integer.toString(healthPort));
        WorkerProcess repairB = worker(example, "host-b", "repair");
        WorkerProcess repairC = worker(example, "host-c", "repair")) {
      assertHealthy(healthPort, "host-a", "selfheal-orchestration", "selfheal-io");
      example.raise("fleet", new IncidentSettings(3600, 2, 1, 0.5, 10));
      String tester = example.awaitRunningActivity("RunTests", TIMEOUT);
      WorkerProcess doomed = tester.contains("@host-b/") ? repairB : repairC;
      WorkerProcess survivor = doomed == repairB ? repairC : repairB;

      doomed.kill();

      IncidentResult result = example.approveAndFinish(TIMEOUT);
      assertThat(result.outcome()).as("outcome; %s", result.reason()).isEqualTo(Outcome.RESOLVED);
      IncidentEffects effects = example.effects();
      assertThat(effects.duplicates()).as("side effects not exactly once: %s", effects).isEmpty();
      assertThat(example.incident().timeline())
          .anySatisfy(e -> assertThat(e.event() + " " + e.detail()).contains("host moved").contains("@" + doomed.hostId()));

      Map<String, Set<String>> hostsByActivity = hostsByActivity(example);
      // the capability split: light I/O only on host-a, repair only on the repair hosts
      for (String ioActivity : List.of("Detect", "CollectWindow", "Diagnose", "Verify")) {
        assertThat(hostsByActivity.get(ioActivity)).as(ioActivity).containsOnly("host-a");
      }
      assertThat(hostsByActivity.get("Merge")).as("Merge").containsOnly(survivor.hostId());
      // both repair hosts did work: the dead one until it died, the survivor after
      assertThat(hostsByActivity.get("PrepareWorktree")).as("PrepareWorktree").contains(survivor.hostId());
      Set<String> repairHosts = hostsByActivity.entrySet().stream()
          .filter(e -> List.of("PrepareWorktree", "ApplyFix", "RunTests", "OpenReview").contains(e.getKey()))
          .flatMap(e -> e.getValue().stream()).collect(Collectors.toSet());
      assertThat(repairHosts).containsExactlyInAnyOrder("host-b", "host-c");
      assertThat(workflowTaskHosts(example)).containsOnly("host-a");
      // kept for the replay tests: a history where the worktree moved hosts
      Path history = SelfhealHome.path().resolve("starter/target/histories/incident-host-moved.json");
      Files.createDirectories(history.getParent());
      Files.writeString(history, server.connection().client().fetchHistory(example.incidentId()).toJson(true));
    }
  }

  private static WorkerProcess worker(ExampleIncident example, String hostId, String queues, String... extraArgs) throws Exception {
    Path workspace = example.dir().resolve("work-" + hostId); // each host its own disk
    return WorkerProcess.start(server.server().address(), example.catalog(), workspace, hostId, queues, example.dir().resolve("logs"), extraArgs);
  }

  /** The worker's /health, as a container health check reads it. */
  private static void assertHealthy(int port, String hostId, String... queues) throws Exception {
    HttpResponse<String> health = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    JsonNode body = new ObjectMapper().readTree(health.body());
    assertThat(body.path("status").asText()).isEqualTo("ok");
    assertThat(body.path("hostId").asText()).isEqualTo(hostId);
    List<String> polled = new ArrayList<>();
    body.path("taskQueues").forEach(q -> polled.add(q.asText()));
    assertThat(polled).containsExactlyInAnyOrder(queues);
  }

  /** Activity type → host ids that started it, from the server's history. */
  private static Map<String, Set<String>> hostsByActivity(ExampleIncident example) {
    List<HistoryEvent> events = server.connection().client().fetchHistory(example.incidentId()).getEvents();
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .collect(Collectors.groupingBy(
            e -> events.get((int) e.getActivityTaskStartedEventAttributes().getScheduledEventId() - 1)
                .getActivityTaskScheduledEventAttributes().getActivityType().getName(),
            Collectors.mapping(e -> host(e.getActivityTaskStartedEventAttributes().getIdentity()), Collectors.toSet())));
  }

  private static Set<String> workflowTaskHosts(ExampleIncident example) {
    return server.connection().client().fetchHistory(example.incidentId()).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
        .map(e -> host(e.getWorkflowTaskStartedEventAttributes().getIdentity()))
        .collect(Collectors.toSet());
  }

  /** {@code selfheal-worker@host-b/1234} → {@code host-b}. */
  private static String host(String identity) {
    int at = identity.indexOf('@');
    int slash = identity.lastIndexOf('/');
    return at < 0 || slash < at ? identity : identity.substring(at + 1, slash);
  }
}
