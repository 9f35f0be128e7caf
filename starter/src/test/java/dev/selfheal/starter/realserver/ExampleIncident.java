package dev.selfheal.starter.realserver;

import dev.selfheal.starter.dev.ScratchDevServer;
import dev.selfheal.starter.audit.IncidentEffects;

import dev.selfheal.activities.Workspace;
import dev.selfheal.starter.demo.ExampleLocator;
import dev.selfheal.starter.demo.ExampleSandbox;
import dev.selfheal.workflows.IncidentClient;
import dev.selfheal.workflows.IncidentWorkflow;
import dev.selfheal.workflows.messages.commands.ApproveRequest;
import dev.selfheal.workflows.messages.commands.IncidentResult;
import dev.selfheal.workflows.messages.queries.IncidentStatus;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.IncidentSettings;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jgit.api.errors.GitAPIException;

/** The example service, broken, with its catalog on disk and an incident raised on a real server. */
public final class ExampleIncident implements AutoCloseable {
  private final ExampleSandbox sandbox;
  private final Path dir;
  private final Path catalog;
  private final WorkflowClient client;
  private String incidentId;

  private ExampleIncident(ExampleSandbox sandbox, Path dir, Path catalog, WorkflowClient client) {
    this.sandbox = sandbox;
    this.dir = dir;
    this.catalog = catalog;
    this.client = client;
  }

  /** Deploys the example, breaks it, and writes its catalog; no incident yet. */
  public static ExampleIncident prepare(ScratchDevServer server, String name) throws IOException, InterruptedException {
    Path dir = server.dir().resolve(name);
    ExampleSandbox sandbox = ExampleSandbox.create(ExampleLocator.example(ExampleSandbox.SERVICE), dir.resolve("sandbox"));
    sandbox.deployInitialVersion(new Workspace(dir.resolve("bootstrap")));
    sandbox.breakService();
    Path catalog = sandbox.writeCatalog(dir.resolve("services.yaml"));
    return new ExampleIncident(sandbox, dir, catalog, server.connection().client());
  }

  public String raise(String fingerprint) {
    return raise(fingerprint, new IncidentSettings(3600, 2, 1, 0.5));
  }

  public String raise(String fingerprint, IncidentSettings settings) {
    Alert alert = new Alert("test", ExampleSandbox.SERVICE, fingerprint, "report jobs failing", "critical",
        Instant.now().minusSeconds(60).toString(), "firing", Map.of(), Map.of());
    incidentId = new IncidentClient(client).raise(alert, settings);
    return incidentId;
  }

  public IncidentWorkflow incident() {
    return new IncidentClient(client).incident(incidentId);
  }

  /** Polls the status query (needs a live worker) until {@code condition} holds. */
  public IncidentStatus awaitStatus(Predicate<IncidentStatus> condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    IncidentStatus status = null;
    while (System.nanoTime() < deadline) {
      status = incident().status();
      if (condition.test(status)) {
        return status;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("incident " + incidentId + " did not reach the expected state in " + timeout + "; last " + status);
  }

  /**
   * Polls the server (no worker needed) until an activity of {@code type} is running.
   *
   * @return the identity of the worker running it
   */
  public String awaitRunningActivity(String type, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<PendingActivityInfo> pending =
          client.newUntypedWorkflowStub(incidentId).describe().getRawDescription().getPendingActivitiesList();
      var running = pending.stream().filter(a -> a.getActivityType().getName().equals(type)
          && a.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED).findFirst();
      if (running.isPresent()) {
        return running.get().getLastWorkerIdentity();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no running " + type + " activity within " + timeout);
  }

  /** Approves the proposed diff (update; a live worker answers) and waits for the end. */
  public IncidentResult approveAndFinish(Duration timeout) throws Exception {
    IncidentStatus status = awaitStatus(IncidentStatus::awaitingApproval, timeout);
    incident().approve(new ApproveRequest(status.diffSha256(), "sre-on-call", "approved in test"));
    return awaitResult(timeout);
  }

  public IncidentResult awaitResult(Duration timeout) throws Exception {
    return client.newUntypedWorkflowStub(incidentId).getResultAsync(IncidentResult.class).get(timeout.toSeconds(), TimeUnit.SECONDS);
  }

  public IncidentEffects effects() throws IOException, GitAPIException {
    return IncidentEffects.of(incidentId, sandbox.origin(), sandbox.deployDir());
  }

  public Path catalog() {
    return catalog;
  }

  public Path workspace() {
    return dir.resolve("work");
  }

  public Path dir() {
    return dir;
  }

  public Path origin() {
    return sandbox.origin();
  }

  public String incidentId() {
    return incidentId;
  }

  @Override
  public void close() {
    sandbox.close();
  }
}
