package dev.selfheal.starter.incidents;

import dev.selfheal.starter.connect.ConnectionOptions;
import dev.selfheal.starter.connect.TemporalConnection;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code selfheal history}: the server's event history of an incident, the audit trail that
 * needs no worker. {@code --json} prints it whole (replayable; what the replay tests use).
 */
@Command(name = "history", mixinStandardHelpOptions = true, description = "Print an incident's event history from the server.")
public final class HistoryCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;

  @Parameters(index = "0", description = "Incident id (the workflow id).")
  String incidentId;

  @Option(names = "--json", description = "The full history as JSON, as the Web UI downloads it.")
  boolean json;

  @Override
  public Integer call() {
    try (TemporalConnection temporal = connection.connect(CliIdentity.of("history"))) {
      WorkflowExecutionHistory history;
      try {
        history = temporal.client().fetchHistory(incidentId);
      } catch (StatusRuntimeException e) {
        // fetchHistory reads the raw history stream: an unknown id is gRPC NOT_FOUND, not WorkflowNotFoundException
        if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
          throw e;
        }
        System.err.println("selfheal history: no incident " + incidentId + " in namespace " + temporal.namespace());
        return 1;
      }
      if (json) {
        System.out.println(history.toJson(true));
        return 0;
      }
      for (HistoryEvent event : history.getEvents()) {
        System.out.printf("%5d  %s  %-34s %s%n",
            event.getEventId(),
            Instant.ofEpochSecond(event.getEventTime().getSeconds(), event.getEventTime().getNanos()),
            event.getEventType().name().replace("EVENT_TYPE_", "").toLowerCase(Locale.ROOT),
            HistoryEvents.detail(event));
      }
      return 0;
    }
  }
}
