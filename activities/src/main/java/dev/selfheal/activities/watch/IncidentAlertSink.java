package dev.selfheal.activities.watch;

import dev.selfheal.workflows.IncidentClient;
import dev.selfheal.workflows.IncidentIds;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.IncidentSettings;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionSignaledEventAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises alerts through {@link IncidentClient} (SignalWithStart on the incident). Before raising,
 * looks for its own earlier effect: an {@code alert} signal in the incident's history carrying
 * the same {@code alert_id}. A tail attempt that raised an alert and died before its heartbeat
 * reached the server reads the same lines again on retry and would otherwise raise it twice.
 */
final class IncidentAlertSink implements AlertSink {
  private static final Logger log = LoggerFactory.getLogger(IncidentAlertSink.class);

  private final WorkflowClient client;
  private final IncidentSettings settings;

  IncidentAlertSink(WorkflowClient client, IncidentSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  @Override
  public String raise(Alert alert) {
    String incidentId = IncidentIds.incidentId(alert.service(), alert.fingerprint());
    String alertId = alert.labels().get(WatchAlerts.ALERT_ID);
    if (alreadyDelivered(incidentId, alertId)) {
      log.info("alert already delivered incident={} alertId={}", incidentId, alertId);
      return incidentId;
    }
    String raised = new IncidentClient(client).raise(alert, settings);
    log.info("alert raised incident={} alertId={} title={}", raised, alertId, alert.title());
    return raised;
  }

  private boolean alreadyDelivered(String incidentId, String alertId) {
    DataConverter converter = client.getOptions().getDataConverter();
    try (Stream<HistoryEvent> events = client.streamHistory(incidentId)) {
      return events
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
          .map(HistoryEvent::getWorkflowExecutionSignaledEventAttributes)
          .filter(s -> "alert".equals(s.getSignalName()) && s.hasInput())
          .anyMatch(s -> alertId.equals(alertIdOf(converter, s)));
    } catch (WorkflowNotFoundException none) {
      return false;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  private static String alertIdOf(DataConverter converter, WorkflowExecutionSignaledEventAttributes signal) {
    try {
      Alert alert = converter.fromPayloads(0, Optional.of(signal.getInput()), Alert.class, Alert.class);
      return alert == null || alert.labels() == null ? null : alert.labels().get(WatchAlerts.ALERT_ID);
    } catch (DataConverterException notAnAlert) {
      return null; // someone signalled something else under that name: not ours
    }
  }
}
