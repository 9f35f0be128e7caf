package dev.selfheal.activities.supervise;

import dev.selfheal.workflows.messages.values.Alert;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionSignaledEventAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.Optional;

/**
 * Whether an alert carrying a given key already reached an incident: its history is the record
 * of every alert signal, so a retried escalation finds its own earlier effect there.
 */
final class RaisedAlerts {
  /** Label that makes a supervisor's alert idempotent (episode id or restart note id). */
  static final String KEY = "selfheal.key";

  private RaisedAlerts() {}

  static boolean contains(WorkflowClient client, String incidentId, String key) {
    try {
      for (HistoryEvent event : client.fetchHistory(incidentId).getEvents()) {
        if (event.getEventType() != EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) {
          continue;
        }
        WorkflowExecutionSignaledEventAttributes signal = event.getWorkflowExecutionSignaledEventAttributes();
        if (!signal.getSignalName().equals("alert") || signal.getInput().getPayloadsCount() == 0) {
          continue;
        }
        Alert alert = client.getOptions().getDataConverter()
            .fromPayloads(0, Optional.of(signal.getInput()), Alert.class, Alert.class);
        if (alert != null && alert.labels() != null && key.equals(alert.labels().get(KEY))) {
          return true;
        }
      }
      return false;
    } catch (WorkflowNotFoundException notYet) {
      return false;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }
}
