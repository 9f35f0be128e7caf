package dev.selfheal.starter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.starter.serve.AlertReceiver;
import dev.selfheal.starter.serve.ReceiverSettings;
import dev.selfheal.workflows.IncidentIds;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * An alert storm through the receiver: concurrent HTTP senders post alerts that repeat a few
 * fingerprints, the way a flapping service pages. Then the server, not the receiver, is asked
 * what it holds: how many incidents the run made (one per fingerprint is right) and how many
 * {@code alert} signals their histories carry (one per alert sent is right; fewer were lost).
 * The run's fingerprints carry a fresh prefix, and its incidents are terminated at the end.
 */
@Command(name = "alerts", mixinStandardHelpOptions = true, description = "Alert storm through the receiver: dedup into incidents, nothing lost.")
public final class AlertsBench implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SERVICE = "alert-bench";

  @Option(names = "-n", defaultValue = "10000", description = "Alerts to send (default: ${DEFAULT-VALUE}).")
  int alerts;

  @Option(names = "--fingerprints", defaultValue = "50", description = "Distinct fingerprints they repeat (default: ${DEFAULT-VALUE}).")
  int fingerprints;

  @Option(names = "--clients", defaultValue = "32", description = "Concurrent HTTP senders (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--server", defaultValue = "dev", description = "dev (Temporal CLI dev server, SQLite) or embedded (in-process test server) (default: ${DEFAULT-VALUE}).")
  String server;

  /** One post: how long it took and how many alerts the receiver said it raised. */
  private record Sent(long nanos, int status, int accepted) {}

  @Override
  public Integer call() throws Exception {
    if (alerts < 1 || fingerprints < 1 || fingerprints > alerts || clients < 1 || clients > 1024) {
      System.err.println("need -n >= 1, 1 <= --fingerprints <= -n and 1 <= --clients <= 1024");
      return 2;
    }
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<String> ids = new ArrayList<>();
    for (int f = 0; f < fingerprints; f++) {
      ids.add(IncidentIds.incidentId(SERVICE, fingerprint(run, f)));
    }
    try (BenchServer temporal = BenchServer.of(server)) {
      WorkflowClient client = temporal.client();
      ReceiverSettings settings = ReceiverSettings.fromEnvironment(
          new InetSocketAddress("127.0.0.1", 0), 64 * 1024, clients, Duration.ofSeconds(30), Map.of());
      List<Sent> sent;
      long elapsed;
      try (AlertReceiver receiver = AlertReceiver.start(settings, client)) {
        long started = System.nanoTime();
        sent = storm(receiver.port(), run);
        elapsed = System.nanoTime() - started;
      }
      try {
        report(client, ids, sent, elapsed);
      } finally {
        terminate(client, ids);
      }
      return 0;
    }
  }

  private List<Sent> storm(int port, String run) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    URI uri = URI.create("http://127.0.0.1:" + port + "/alerts/generic");
    ExecutorService senders = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Sent>> futures = new ArrayList<>(alerts);
      for (int i = 0; i < alerts; i++) {
        String body = JSON.writeValueAsString(Map.of(
            "source", "bench", "service", SERVICE, "fingerprint", fingerprint(run, i % fingerprints),
            "title", "alert storm " + run, "severity", "high"));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        futures.add(senders.submit(() -> post(http, request)));
      }
      List<Sent> sent = new ArrayList<>(alerts);
      for (Future<Sent> future : futures) {
        sent.add(future.get());
        if (sent.size() % 1000 == 0) {
          System.err.printf("bench alerts: %d/%d posted%n", sent.size(), alerts);
        }
      }
      return sent;
    } finally {
      senders.shutdownNow();
    }
  }

  private static Sent post(HttpClient http, HttpRequest request) {
    long started = System.nanoTime();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(response.body());
      if (response.statusCode() != 202) {
        System.err.println("bench alerts: post answered " + response.statusCode() + " " + response.body());
      }
      return new Sent(System.nanoTime() - started, response.statusCode(), body.path("accepted").asInt(0));
    } catch (Exception e) {
      // a failed post is counted, not fatal: the report shows it as sent but not accepted
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      System.err.println("bench alerts: post failed: " + e);
      return new Sent(System.nanoTime() - started, 0, 0);
    }
  }

  private void report(WorkflowClient client, List<String> ids, List<Sent> sent, long elapsedNanos) {
    int incidents = 0;
    long signals = 0;
    for (String id : ids) {
      List<HistoryEvent> events;
      try {
        events = client.fetchHistory(id).getEvents();
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
          continue;
        }
        throw e;
      }
      incidents++;
      signals += events.stream()
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
          .filter(e -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName().equals("alert"))
          .count();
    }
    int accepted = sent.stream().filter(s -> s.status() == 202).mapToInt(Sent::accepted).sum();
    long failed = sent.stream().filter(s -> s.status() != 202).count();
    List<Long> nanos = new ArrayList<>(sent.stream().map(Sent::nanos).toList());
    Collections.sort(nanos);
    double p99Ms = nanos.get((int) Math.ceil(nanos.size() * 0.99) - 1) / 1e6;
    double rate = sent.size() / (elapsedNanos / 1e9);
    System.out.printf("incidents expected=%d signals=%d failed_posts=%d clients=%d server=%s%n",
        ids.size(), signals, failed, clients, server);
    System.out.printf("alerts sent=%d accepted=%d incidents=%d lost=%d rate=%.0f/s p99_ms=%.1f%n",
        sent.size(), accepted, incidents, sent.size() - signals, rate, p99Ms);
  }

  private static void terminate(WorkflowClient client, List<String> ids) {
    for (String id : ids) {
      try {
        client.newUntypedWorkflowStub(id).terminate("bench alerts finished");
      } catch (RuntimeException e) {
        // never started (the report counted it) or already closed: nothing to clean up
      }
    }
  }

  private static String fingerprint(String run, int f) {
    return run + "-" + f;
  }
}
