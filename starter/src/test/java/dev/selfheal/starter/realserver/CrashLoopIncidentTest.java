package dev.selfheal.starter.realserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.config.ServiceLoops;
import dev.selfheal.activities.config.ServiceSpec;
import dev.selfheal.starter.Polling;
import dev.selfheal.starter.demo.ExampleLocator;
import dev.selfheal.starter.demo.ExampleSandbox;
import dev.selfheal.starter.dev.ScratchDevServer;
import dev.selfheal.worker.Capability;
import dev.selfheal.worker.SelfhealWorker;
import dev.selfheal.workflows.SupervisorClient;
import dev.selfheal.workflows.SupervisorWorkflow;
import dev.selfheal.workflows.messages.commands.IncidentResult;
import dev.selfheal.workflows.messages.commands.SupervisionRequest;
import dev.selfheal.workflows.messages.queries.IncidentStatus;
import dev.selfheal.workflows.messages.queries.SupervisorState;
import dev.selfheal.workflows.messages.queries.TimelineEntry;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.Outcome;
import dev.selfheal.workflows.messages.values.RestartRecord;
import dev.selfheal.workflows.messages.values.SupervisionPolicy;
import dev.selfheal.workflows.messages.values.SupervisorAlerts;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The "recover" level end to end on the real dev server: the example service falls into a crash
 * loop (another process holds its port, so every start dies with a BindException). Its supervisor
 * restarts it with growing backoff, finds it flapping, stops restarting and opens one incident
 * with the last log lines and the restart history as evidence; the incident diagnoses it and
 * escalates. Nobody sends anything but the supervisor.
 */
class CrashLoopIncidentTest {
  private static final String SERVICE = ExampleSandbox.SERVICE;
  private static final String INCIDENT = "incident-" + SERVICE + "-flapping";

  private static ScratchDevServer server;
  private static WorkflowClient client;

  @BeforeAll
  static void startServer() throws Exception {
    server = RealServer.start("crash-loop");
    client = server.connection().client();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void aCrashLoopIsRestartedWithBackoffThenFlapsIntoOneIncidentWithEvidence() throws Exception {
    Path dir = server.dir().resolve("crash-loop");
    try (ExampleSandbox sandbox = ExampleSandbox.create(ExampleLocator.example(SERVICE), dir.resolve("sandbox"))) {
      sandbox.deployInitialVersion(new Workspace(dir.resolve("bootstrap")));
      ServiceSpec spec = sandbox.spec();
      SelfhealWorker worker = SelfhealWorker.create(client, new ServiceCatalog(Map.of(SERVICE, spec)),
          new Workspace(dir.resolve("work")), "crash-loop", EnumSet.allOf(Capability.class)).start();
      SupervisorClient supervisors = new SupervisorClient(client);
      try {
        // the catalog's supervision, probing every second instead of every ten
        SupervisionRequest catalog = ServiceLoops.supervision(spec).orElseThrow();
        supervisors.ensureRunning(new SupervisionRequest(catalog.service(), catalog.health(), catalog.restart(),
            new SupervisionPolicy(1, 0, 0, 0, 0, 0, 0, 0), catalog.logFiles(), null));
        SupervisorWorkflow supervisor = supervisors.supervisor(SERVICE);
        assertThat(Polling.until(Duration.ofSeconds(30), Duration.ofMillis(200), () -> supervisor.state().healthy()))
            .as("supervisor sees the deployed service healthy").isTrue();

        try (PortSquatter squatter = PortSquatter.takeOver(Integer.parseInt(spec.env().get("PORT")), runDir(spec))) {
          assertThat(Polling.until(Duration.ofSeconds(150), Duration.ofMillis(500),
                  () -> supervisor.state().openIncident() != null))
              .as("flapping escalated: %s", supervisor.state()).isTrue();
          SupervisorState state = supervisor.state();

          assertThat(state.openIncident()).isEqualTo(INCIDENT);
          assertThat(state.recentRestarts()).extracting(RestartRecord::backoffSeconds).startsWith(1L, 2L, 4L, 8L);
          assertThat(state.recentRestarts()).allSatisfy(r -> assertThat(r.exitCode()).as("restart.sh saw the start die").isNotZero());
          assertThat(state.flappingUntilMillis()).as("restarts paused for the cool-down").isPositive();
          long restartsAtEscalation = state.restarts();

          IncidentResult result = WorkflowStub.fromTyped(client.newWorkflowStub(
                  dev.selfheal.workflows.IncidentWorkflow.class, INCIDENT)).getResult(IncidentResult.class);
          assertThat(result.outcome()).as("no recipe for a port held by another process: %s", result)
              .isEqualTo(Outcome.ESCALATED);

          List<Alert> alerts = alertSignals(INCIDENT);
          assertThat(alerts).as("one escalation, nothing from a human").singleElement().satisfies(alert -> {
            assertThat(alert.source()).isEqualTo(SupervisorAlerts.SOURCE);
            assertThat(alert.labels().get(SupervisorAlerts.LOG_TAIL)).contains("BindException");
            assertThat(alert.labels().get(SupervisorAlerts.RESTART_HISTORY).lines().count())
                .isEqualTo(state.recentRestarts().size());
          });
          IncidentStatus status = new dev.selfheal.workflows.IncidentClient(client).incident(INCIDENT).status();
          assertThat(status.rootCause()).as("diagnosed from the service's own FATAL lines").contains("BindException");
          List<TimelineEntry> timeline = new dev.selfheal.workflows.IncidentClient(client).incident(INCIDENT).timeline();
          assertThat(timeline).filteredOn(e -> e.event().equals("restart")).hasSize(state.recentRestarts().size());
          assertThat(supervisor.state().restarts()).as("no restarts during the cool-down").isEqualTo(restartsAtEscalation);
          assertThat(incidentsOf(SERVICE)).as("one incident for the whole loop").isEqualTo(1);
        }
      } finally {
        client.newUntypedWorkflowStub(SupervisorWorkflow.workflowId(SERVICE)).terminate("test over");
        worker.close(Duration.ofSeconds(5));
      }
    }
  }

  private static Path runDir(ServiceSpec spec) {
    return Path.of(spec.env().get("RUN_DIR"));
  }

  private static List<Alert> alertSignals(String workflowId) {
    return client.fetchHistory(workflowId).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .map(HistoryEvent::getWorkflowExecutionSignaledEventAttributes)
        .filter(a -> a.getSignalName().equals("alert"))
        .map(a -> DefaultDataConverter.newDefaultInstance().fromPayloads(0, java.util.Optional.of(a.getInput()), Alert.class, Alert.class))
        .toList();
  }

  private static long incidentsOf(String service) throws Exception {
    String query = "WorkflowType = 'IncidentWorkflow' AND SelfhealService = '" + service + "'";
    // visibility on the dev server is eventually consistent: wait until it has caught up
    Polling.until(Duration.ofSeconds(10), Duration.ofMillis(200), () -> client.countWorkflows(query).getCount() > 0);
    return client.countWorkflows(query).getCount();
  }

  /**
   * Another process holding the service's port: it kills the service and binds the port before
   * the supervisor's first restart, accepting connections and closing them at once.
   */
  private static final class PortSquatter implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread acceptor;

    private PortSquatter(ServerSocket socket) {
      this.socket = socket;
      this.acceptor = new Thread(this::acceptAndDrop, "port-squatter");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    /**
     * Kills the service and binds its port. The supervisor may restart the service between the
     * kill and the bind (its probe runs every second), so this kills whatever the pid file names
     * and tries again until it holds the port.
     */
    static PortSquatter takeOver(int port, Path runDir) throws Exception {
      ServerSocket[] bound = new ServerSocket[1];
      boolean held = Polling.until(Duration.ofSeconds(30), Duration.ofMillis(50), () -> {
        killService(runDir);
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        try {
          socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
          bound[0] = socket;
          return true;
        } catch (java.net.BindException restartedFirst) {
          socket.close();
          return false;
        }
      });
      if (!held) {
        throw new IOException("could not take port " + port + " from the service within 30s");
      }
      return new PortSquatter(bound[0]);
    }

    private static void killService(Path runDir) throws IOException {
      Path pidFile = runDir.resolve("report-service.pid");
      if (!Files.exists(pidFile)) {
        return;
      }
      String text = Files.readString(pidFile).trim();
      if (text.isEmpty()) {
        return;
      }
      ProcessHandle.of(Long.parseLong(text)).ifPresent(service -> {
        service.destroyForcibly();
        service.onExit().join();
      });
    }

    private void acceptAndDrop() {
      while (!socket.isClosed()) {
        try (Socket ignored = socket.accept()) {
          // closed at once: the supervisor's probe gets no HTTP answer
        } catch (IOException closed) {
          return;
        }
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
