package dev.selfheal.starter.realserver;

import dev.selfheal.workflows.messages.values.Alert;
import io.temporal.common.converter.DataConverter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.activities.watch.LogWatchActivitiesImpl;
import dev.selfheal.starter.Polling;
import dev.selfheal.starter.dev.ScratchDevServer;
import dev.selfheal.workflows.IncidentIds;
import dev.selfheal.workflows.LogWatcherClient;
import dev.selfheal.workflows.LogWatcherWorkflow;
import dev.selfheal.workflows.LogWatcherWorkflowImpl;
import dev.selfheal.workflows.TaskQueues;
import dev.selfheal.workflows.messages.commands.LogWatchRequest;
import dev.selfheal.workflows.messages.commands.StopWatchRequest;
import dev.selfheal.workflows.messages.values.LogSource;
import dev.selfheal.workflows.messages.values.LogWatchCheckpoint;
import dev.selfheal.workflows.messages.values.SignatureGroup;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A log watcher on the real dev server with a real worker: errors recur, the log rotates, the
 * worker stops after a heartbeat and a new one takes over. Every recurrence reaches the service's
 * one watcher incident exactly once, counted per signature in its history: nothing read twice,
 * nothing skipped.
 *
 * <p>The worker registers only the watcher (workflow and activity): the incident it raises stays
 * open with its alert signals in history and no incident code running, so the count is the
 * watcher's alone.
 */
class LogWatcherRestartTest {
  private static final String SERVICE = "orders";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration EVERY = Duration.ofMillis(100);

  private static ScratchDevServer server;
  private static WorkflowClient client;

  @BeforeAll
  static void startServer() throws Exception {
    server = RealServer.start("log-watcher");
    client = server.connection().client();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void aWorkerRestartAndARotationNeitherRereadNorSkipAnError() throws Exception {
    Path logs = Files.createDirectories(server.dir().resolve("logs"));
    Path log = logs.resolve("orders.log");
    Files.writeString(log, "");
    WorkerFactory first = watcherWorker();
    new LogWatcherClient(client).ensureRunning(
        new LogWatchRequest(SERVICE, List.of(new LogSource(log.toString(), "plain")), 3, 600, null));
    awaitHeartbeat(c -> !c.files().isEmpty() && c.files().get(0).headHash() != null);

    // three of a kind: one alert
    for (int i = 1; i <= 3; i++) {
      javaError(log, "10:00:0" + i, "order " + (1000 + i) + " not found");
    }
    info(log, "10:00:05");
    // two Python errors, the log rotates, the third lands in the new file: one alert
    pythonError(log, "10:01:01", "sku-1");
    pythonError(log, "10:01:02", "sku-2");
    Files.move(log, logs.resolve("orders.log.1"));
    pythonError(log, "10:01:03", "sku-3");
    info(log, "10:01:05");
    // two of a third kind, seen and heartbeated before the worker stops
    javaTimeout(log, "10:02:01", 31);
    javaTimeout(log, "10:02:02", 32);
    info(log, "10:02:05");
    LogWatchCheckpoint beforeStop = awaitHeartbeat(c -> occurrences(c, "TimeoutException") == 2);
    assertThat(beforeStop.alertsRaised()).isEqualTo(2);

    first.shutdownNow();
    first.awaitTermination(10, TimeUnit.SECONDS);
    assertThat(first.isTerminated()).as("first worker stopped").isTrue();

    WorkerFactory second = watcherWorker();
    try {
      javaTimeout(log, "10:02:03", 33); // the third: one alert, only if the first two were kept
      info(log, "10:02:05");
      for (int i = 1; i <= 3; i++) { // the first kind again, after its quiet window: a second alert
        javaError(log, "10:20:0" + i, "order " + (2000 + i) + " not found");
      }
      info(log, "10:20:05");
      LogWatchCheckpoint end = awaitHeartbeat(c -> c.alertsRaised() >= 4);

      assertThat(end.alertsRaised()).isEqualTo(4);
      assertThat(awaitAlertSignals(end, "OrderMissingException", 2)).as("alerts for the order errors").isEqualTo(2);
      assertThat(awaitAlertSignals(end, "PricingError", 1)).as("alerts for the pricing errors").isEqualTo(1);
      assertThat(awaitAlertSignals(end, "TimeoutException", 1)).as("alerts for the timeouts").isEqualTo(1);
      assertThat(occurrences(end, "OrderMissingException")).isEqualTo(6);
      assertThat(occurrences(end, "PricingError")).isEqualTo(3);
      assertThat(occurrences(end, "TimeoutException")).isEqualTo(3);
      assertThat(tail().getAttempt()).as("the tail was retried on the new worker").isGreaterThan(1);
    } finally {
      client.newWorkflowStub(LogWatcherWorkflow.class, LogWatcherWorkflow.workflowId(SERVICE))
          .stop(new StopWatchRequest("test done"));
      second.shutdownNow();
      second.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private static WorkerFactory watcherWorker() {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    factory.newWorker(TaskQueues.ORCHESTRATION).registerWorkflowImplementationTypes(LogWatcherWorkflowImpl.class);
    factory.newWorker(TaskQueues.IO).registerActivitiesImplementations(new LogWatchActivitiesImpl());
    factory.start();
    return factory;
  }

  private static PendingActivityInfo tail() {
    List<PendingActivityInfo> pending = client.newUntypedWorkflowStub(LogWatcherWorkflow.workflowId(SERVICE))
        .describe().getRawDescription().getPendingActivitiesList();
    assertThat(pending).as("the watcher's tail activity").hasSize(1);
    return pending.get(0);
  }

  /** The tail's last heartbeat as the server has it, once it satisfies {@code condition}. */
  private static LogWatchCheckpoint awaitHeartbeat(Predicate<LogWatchCheckpoint> condition)
      throws IOException, InterruptedException {
    LogWatchCheckpoint[] seen = new LogWatchCheckpoint[1];
    boolean held = Polling.until(WAIT, EVERY, () -> {
      Optional<LogWatchCheckpoint> heartbeat = heartbeat();
      seen[0] = heartbeat.orElse(seen[0]);
      return heartbeat.isPresent() && condition.test(heartbeat.get());
    });
    assertThat(held).as("heartbeat condition within %s; last heartbeat %s", WAIT, seen[0]).isTrue();
    return seen[0];
  }

  private static Optional<LogWatchCheckpoint> heartbeat() {
    List<PendingActivityInfo> pending = client.newUntypedWorkflowStub(LogWatcherWorkflow.workflowId(SERVICE))
        .describe().getRawDescription().getPendingActivitiesList();
    if (pending.isEmpty() || !pending.get(0).hasHeartbeatDetails()) {
      return Optional.empty();
    }
    return Optional.ofNullable(client.getOptions().getDataConverter().fromPayloads(
        0, Optional.of(pending.get(0).getHeartbeatDetails()), LogWatchCheckpoint.class, LogWatchCheckpoint.class));
  }

  private static SignatureGroup group(LogWatchCheckpoint checkpoint, String type) {
    return checkpoint.groups().stream().filter(g -> g.signature().contains(type)).findFirst()
        .orElseThrow(() -> new AssertionError("no group for " + type + " in " + checkpoint.groups()));
  }

  private static long occurrences(LogWatchCheckpoint checkpoint, String type) {
    return checkpoint.groups().stream().filter(g -> g.signature().contains(type))
        .mapToLong(SignatureGroup::occurrences).sum();
  }

  /**
   * The incident's alert signals once there are {@code expected} (or after the wait); a heartbeat
   * can reach the test before the signal sent just ahead of it is readable on a loaded server.
   */
  private static long awaitAlertSignals(LogWatchCheckpoint checkpoint, String type, long expected)
      throws IOException, InterruptedException {
    Polling.until(WAIT, EVERY, () -> alertSignals(checkpoint, type) >= expected);
    return alertSignals(checkpoint, type);
  }

  /** Alert signals for that error's signature in the service's watcher incident, as the server recorded them. */
  private static long alertSignals(LogWatchCheckpoint checkpoint, String type) {
    String signature = group(checkpoint, type).fingerprint();
    DataConverter converter = client.getOptions().getDataConverter();
    return client.fetchHistory(IncidentIds.incidentId(SERVICE, "logwatch")).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .map(e -> e.getWorkflowExecutionSignaledEventAttributes())
        .filter(a -> a.getSignalName().equals("alert"))
        .map(a -> converter.fromPayloads(0, Optional.of(a.getInput()), Alert.class, Alert.class))
        .filter(alert -> signature.equals(alert.labels().get("signature_id")))
        .count();
  }

  private static void javaError(Path log, String time, String message) throws IOException {
    append(log, "2024-06-01 " + time + ".000 ERROR [http-1] c.a.OrderController - request failed\n"
        + "com.acme.OrderMissingException: " + message + "\n"
        + "\tat com.acme.OrderService.load(OrderService.java:57)\n"
        + "\tat com.acme.OrderController.get(OrderController.java:21)\n");
  }

  private static void javaTimeout(Path log, String time, int request) throws IOException {
    append(log, "2024-06-01 " + time + ".000 ERROR [http-2] c.a.Inventory - call failed\n"
        + "java.util.concurrent.TimeoutException: inventory did not answer request " + request + " in 5000 ms\n"
        + "\tat com.acme.InventoryClient.call(InventoryClient.java:88)\n"
        + "Caused by: java.net.SocketTimeoutException: Read timed out\n"
        + "\t... 4 more\n");
  }

  private static void pythonError(Path log, String time, String sku) throws IOException {
    append(log, "2024-06-01 " + time + ",000 ERROR [pricing] cannot price order\n"
        + "Traceback (most recent call last):\n"
        + "  File \"/srv/app/pricing.py\", line 12, in price\n"
        + "    raise PricingError(f\"no price for {sku}\")\n"
        + "pricing.PricingError: no price for '" + sku + "'\n");
  }

  private static void info(Path log, String time) throws IOException {
    append(log, "2024-06-01 " + time + ".000 INFO  [main] c.a.App - tick\n");
  }

  private static void append(Path log, String text) throws IOException {
    Files.writeString(log, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
