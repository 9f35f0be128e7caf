package dev.selfheal.activities.watch;

import dev.selfheal.workflows.IncidentClient;
import dev.selfheal.workflows.IncidentIds;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.IncidentSettings;
import io.temporal.client.WorkflowClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises alerts through {@link IncidentClient} (SignalWithStart on the incident). Before raising,
 * looks for its own earlier effect: an {@code alert} signal in the incident's history carrying
 * the same id ({@link Alert#ID_LABEL}). A tail attempt that raised an alert and died before its heartbeat
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
    IncidentClient incidents = new IncidentClient(client);
    if (incidents.delivered(incidentId, alert.id())) {
      log.info("alert already delivered incident={} alertId={}", incidentId, alert.id());
      return incidentId;
    }
    String raised = incidents.raise(alert, settings);
    log.info("alert raised incident={} alertId={} title={}", raised, alert.id(), alert.title());
    return raised;
  }
}
