package dev.selfheal.starter.bench;

import dev.selfheal.workflows.IncidentClient;
import dev.selfheal.workflows.IncidentWorkflowImpl;
import dev.selfheal.workflows.TaskQueues;
import dev.selfheal.workflows.messages.commands.ApproveRequest;
import dev.selfheal.workflows.messages.commands.IncidentResult;
import dev.selfheal.workflows.messages.queries.TimelineEntry;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.IncidentSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Orchestration overhead: median time of an incident whose activities do nothing, against the
 * floor of nine no-op activities, both on one server in one run, interleaved so machine noise
 * hits both alike. The time the incident waits for its approval is a human's, not orchestration:
 * it is subtracted (workflow time from the approve stage starting to the approval landing) and
 * the total with it is printed on the line before.
 */
@Command(name = "orchestration", mixinStandardHelpOptions = true, description = "Incident workflow overhead vs. nine bare activities.")
public final class OrchestrationBench implements Callable<Integer> {
  @Option(names = "-n", defaultValue = "40", description = "Measured runs of each (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--warmup", defaultValue = "10", description = "Unmeasured runs of each first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--server", defaultValue = "embedded", description = "embedded (in-process test server) or dev (Temporal CLI dev server, SQLite) (default: ${DEFAULT-VALUE}).")
  String server;

  @Override
  public Integer call() throws Exception {
    if (runs < 1 || warmup < 0) {
      System.err.println("-n must be at least 1 and --warmup at least 0");
      return 2;
    }
    try (BenchServer temporal = BenchServer.of(server)) {
      WorkflowClient client = temporal.client();
      WorkerFactory factory = WorkerFactory.newInstance(client);
      factory.newWorker(TaskQueues.ORCHESTRATION)
          .registerWorkflowImplementationTypes(IncidentWorkflowImpl.class, FloorWorkflowImpl.class);
      NoopStageActivities stages = new NoopStageActivities();
      factory.newWorker(TaskQueues.IO).registerActivitiesImplementations(stages, (FloorActivities) n -> 1);
      factory.newWorker(TaskQueues.REPAIR).registerActivitiesImplementations(stages);
      factory.newWorker(TaskQueues.repairHost(NoopStageActivities.HOST)).registerActivitiesImplementations(stages);
      factory.start();

      List<Long> incident = new ArrayList<>();
      List<Long> incidentWithApproval = new ArrayList<>();
      List<Long> floor = new ArrayList<>();
      IncidentClient incidents = new IncidentClient(client);
      for (int i = 0; i < warmup + runs; i++) {
        IncidentTiming a = timeIncident(incidents, client, i);
        long b = timeFloor(client, i);
        if (i >= warmup) {
          incident.add(a.totalNanos() - a.approvalWaitNanos());
          incidentWithApproval.add(a.totalNanos());
          floor.add(b);
        }
        if ((i + 1) % 10 == 0) {
          System.err.printf("bench orchestration: %d/%d runs%n", i + 1, warmup + runs);
        }
      }
      factory.shutdown();
      double incidentP50 = median(incident) / 1e6;
      double floorP50 = median(floor) / 1e6;
      double withApprovalP50 = median(incidentWithApproval) / 1e6;
      System.out.printf("incident with the approval round trip p50_ms=%.1f ratio=%.2f%n", withApprovalP50, withApprovalP50 / floorP50);
      System.out.printf("orchestration overhead ratio=%.2f incident_p50_ms=%.1f floor_p50_ms=%.1f n=%d server=%s%n",
          incidentP50 / floorP50, incidentP50, floorP50, runs, server);
      return 0;
    }
  }

  /** One incident's wall time, and the part of it spent waiting for the (bench's) approval. */
  private record IncidentTiming(long totalNanos, long approvalWaitNanos) {}

  private static IncidentTiming timeIncident(IncidentClient incidents, WorkflowClient client, int i) throws InterruptedException {
    long started = System.nanoTime();
    Alert alert = new Alert("bench", "bench-service", "run-" + i, "bench", "high", null, "firing", Map.of(), Map.of());
    String id = incidents.raise(alert, new IncidentSettings(3600, 1, 0, 0.5));
    while (!incidents.incident(id).status().awaitingApproval()) {
      Thread.sleep(10);
    }
    incidents.incident(id).approve(new ApproveRequest(NoopStageActivities.DIFF_SHA, "bench", null));
    client.newUntypedWorkflowStub(id).getResult(IncidentResult.class);
    long total = System.nanoTime() - started;
    // the human's part: from the approve stage starting to the approval landing, in workflow time
    List<TimelineEntry> timeline = incidents.incident(id).timeline();
    long waitStart = at(timeline, "started");
    long approved = at(timeline, "approved");
    return new IncidentTiming(total, (approved - waitStart) * 1_000_000L);
  }

  private static long at(List<TimelineEntry> timeline, String event) {
    return timeline.stream()
        .filter(e -> e.stage().equals("approve") && e.event().equals(event))
        .mapToLong(TimelineEntry::atMillis)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no approve/" + event + " in the timeline"));
  }

  private static long timeFloor(WorkflowClient client, int i) {
    long started = System.nanoTime();
    FloorWorkflow floor =
        client.newWorkflowStub(
            FloorWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId("floor-" + i).setTaskQueue(TaskQueues.ORCHESTRATION).build());
    floor.run(9);
    return System.nanoTime() - started;
  }

  private static double median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }
}
