package dev.selfheal.starter.bench;

import dev.selfheal.activities.Workspace;
import dev.selfheal.starter.Polling;
import dev.selfheal.starter.audit.IncidentEffects;
import dev.selfheal.starter.demo.ExampleLocator;
import dev.selfheal.starter.demo.ExampleSandbox;
import dev.selfheal.starter.worker.WorkerProcess;
import dev.selfheal.workflows.IncidentClient;
import dev.selfheal.workflows.messages.commands.ApproveRequest;
import dev.selfheal.workflows.messages.commands.IncidentResult;
import dev.selfheal.workflows.messages.queries.IncidentStatus;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.IncidentSettings;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Recovery from worker death on the dev server: real incidents on the example service, the
 * worker JVM SIGKILLed at three moments of each (mid test run, right after the PR, during
 * verification) and a fresh one started at once, as a supervisor would. Measured: from the
 * kill to the incident's next completed activity, on the server's clock. Then every side
 * effect is counted in the world; anything not exactly once is a duplicate.
 */
@Command(name = "recovery", mixinStandardHelpOptions = true, description = "Time from a worker's SIGKILL to the incident's next completed activity.")
public final class RecoveryBench implements Callable<Integer> {
  private static final Duration STAGE_TIMEOUT = Duration.ofSeconds(180);
  private static final String HOST = "bench-host";

  @Option(names = "-n", defaultValue = "3", description = "Incidents, three kills each (default: ${DEFAULT-VALUE}).")
  int incidents;

  @Override
  public Integer call() throws Exception {
    if (incidents < 1) {
      System.err.println("-n must be at least 1");
      return 2;
    }
    List<Long> recoveries = new ArrayList<>();
    int duplicates = 0;
    try (BenchServer server = BenchServer.devServer()) {
      for (int i = 0; i < incidents; i++) {
        duplicates += runIncident(server, i, recoveries);
      }
    }
    List<Long> sorted = new ArrayList<>(recoveries);
    Collections.sort(sorted);
    long p50 = sorted.get((sorted.size() - 1) / 2);
    System.out.printf("recovery p50_ms=%d p_max_ms=%d kills=%d duplicates=%d%n", p50, sorted.get(sorted.size() - 1), sorted.size(), duplicates);
    return duplicates == 0 ? 0 : 1;
  }

  private int runIncident(BenchServer server, int n, List<Long> recoveries) throws Exception {
    Path dir = server.scratch().dir().resolve("incident-" + n);
    try (ExampleSandbox sandbox = ExampleSandbox.create(ExampleLocator.example(ExampleSandbox.SERVICE), dir.resolve("sandbox"))) {
      sandbox.deployInitialVersion(new Workspace(dir.resolve("bootstrap")));
      sandbox.breakService();
      Path catalog = sandbox.writeCatalog(dir.resolve("services.yaml"));
      WorkflowClient client = server.client();
      IncidentClient incidents = new IncidentClient(client);
      Alert alert = new Alert("bench", ExampleSandbox.SERVICE, "recovery-" + n, "report jobs failing", "critical",
          Instant.now().minusSeconds(60).toString(), "firing", Map.of(), Map.of());
      WorkerProcess worker = start(server, catalog, dir);
      String id = incidents.raise(alert, new IncidentSettings(3600, 3, 1, 0.5));

      // 1. in the middle of the service's test run
      await(() -> runningActivity(client, id, "RunTests"), "RunTests running");
      sleep(1000); // on purpose: a second into the run, the test command is mid-way, not starting
      worker = killAndMeasure(server, client, id, worker, catalog, dir, "mid-tests", recoveries);

      // 2. right after the review request is written
      Path review = sandbox.origin().resolve("selfheal-reviews").resolve(id + ".json");
      await(() -> Files.exists(review), "review written");
      worker = killAndMeasure(server, client, id, worker, catalog, dir, "after-pr", () -> approve(incidents, id), recoveries);

      // 3. while verifying (between probes, on a durable timer)
      await(() -> "verify".equals(incidents.incident(id).status().stage()), "verify stage");
      worker = killAndMeasure(server, client, id, worker, catalog, dir, "verify", recoveries);

      IncidentResult result = client.newUntypedWorkflowStub(id).getResultAsync(IncidentResult.class)
          .get(STAGE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      worker.close();
      IncidentEffects effects = IncidentEffects.of(id, sandbox.origin(), sandbox.deployDir());
      System.err.printf("bench recovery: incident %d/%d %s outcome=%s effects=%s%n", n + 1, this.incidents, id, result.outcome().label(), effects);
      return effects.duplicates().size() + (result.outcome().label().equals("resolved") ? 0 : 1);
    }
  }

  private WorkerProcess killAndMeasure(BenchServer server, WorkflowClient client, String id, WorkerProcess worker, Path catalog,
      Path dir, String moment, List<Long> recoveries) throws Exception {
    return killAndMeasure(server, client, id, worker, catalog, dir, moment, () -> {}, recoveries);
  }

  /** SIGKILL, a fresh worker at once, then wait for the next completed activity. */
  private WorkerProcess killAndMeasure(BenchServer server, WorkflowClient client, String id, WorkerProcess worker, Path catalog,
      Path dir, String moment, Runnable afterRestart, List<Long> recoveries) throws Exception {
    long killedAt = System.currentTimeMillis();
    worker.kill();
    WorkerProcess fresh = start(server, catalog, dir);
    System.err.printf("bench recovery: killed at %s, fresh worker ready after %d ms%n", Instant.ofEpochMilli(killedAt), System.currentTimeMillis() - killedAt);
    afterRestart.run();
    long[] completedAt = {0};
    await(() -> (completedAt[0] = firstCompletionAfter(client, id, killedAt)) > 0, "an activity completed after the kill");
    long recovery = completedAt[0] - killedAt;
    recoveries.add(recovery);
    System.err.printf("bench recovery: kill %d at %s -> next activity completed after %d ms%n", recoveries.size(), moment, recovery);
    return fresh;
  }

  private static WorkerProcess start(BenchServer server, Path catalog, Path dir) throws Exception {
    return WorkerProcess.start(server.scratch().server().address(), catalog, dir.resolve("work"), HOST, "orchestration,io,repair", dir.resolve("logs"));
  }

  private static void approve(IncidentClient incidents, String id) {
    try {
      await(() -> incidents.incident(id).status().awaitingApproval(), "incident " + id + " awaiting approval");
      IncidentStatus status = incidents.incident(id).status();
      incidents.incident(id).approve(new ApproveRequest(status.diffSha256(), "bench", "recovery bench"));
      System.err.printf("bench recovery: approved at %s%n", Instant.now());
    } catch (IOException e) {
      throw new UncheckedIOException("approving " + id + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while approving " + id, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("approving " + id + ": " + e.getMessage(), e);
    }
  }


  private static long firstCompletionAfter(WorkflowClient client, String id, long killedAtMillis) {
    for (HistoryEvent event : client.fetchHistory(id).getEvents()) {
      long at = event.getEventTime().getSeconds() * 1000 + event.getEventTime().getNanos() / 1_000_000;
      if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED && at >= killedAtMillis) {
        return at;
      }
    }
    return 0;
  }

  private static boolean runningActivity(WorkflowClient client, String id, String type) {
    return client.newUntypedWorkflowStub(id).describe().getRawDescription().getPendingActivitiesList().stream()
        .anyMatch(a -> a.getActivityType().getName().equals(type) && a.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
  }

  private static void await(BooleanSupplier condition, String what) throws IOException, InterruptedException {
    if (!Polling.until(STAGE_TIMEOUT, Duration.ofMillis(50), condition::getAsBoolean)) {
      throw new IllegalStateException("timed out waiting for " + what);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
