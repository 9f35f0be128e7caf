package dev.selfheal.workflows;

import dev.selfheal.workflows.messages.commands.IncidentRequest;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.IncidentSettings;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionSignaledEventAttributes;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import java.util.Optional;
import java.util.stream.Stream;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;

/** Client-side entry point: raise an alert into its incident. Used by the CLI, receivers and tests. */
public final class IncidentClient {
  private final WorkflowClient client;

  public IncidentClient(WorkflowClient client) {
    this.client = client;
  }

  /**
   * SignalWithStart: the first alert for a fingerprint starts the incident, every later one joins
   * the running incident. A closed incident's id may start again (a new occurrence).
   *
   * @return the incident (workflow) id
   * @throws IllegalArgumentException naming the bad field, before anything is started
   */
  public String raise(Alert alert, IncidentSettings settings) {
    if (alert == null) {
      throw new IllegalArgumentException("alert is missing");
    }
    String incidentId = IncidentIds.incidentId(alert.service(), alert.fingerprint());
    if (alert.title() == null || alert.title().isBlank()) {
      throw new IllegalArgumentException("title is missing");
    }
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(incidentId)
            .setTaskQueue(TaskQueues.ORCHESTRATION)
            // what the Web UI lists for the incident before the workflow has said anything
            .setStaticSummary(summary(alert))
            .setStaticDetails(details(alert))
            .setMemo(new IncidentMemo(alert.service(), alert.title(), null, null, null, null).asMap())
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(IncidentSearchAttributes.SERVICE, alert.service())
                    .set(IncidentSearchAttributes.STAGE, "detect")
                    .set(IncidentSearchAttributes.OUTCOME, "open")
                    .build())
            .build();
    WorkflowStub stub = client.newUntypedWorkflowStub(IncidentWorkflow.TYPE, options);
    stub.signalWithStart(
        "alert",
        new Object[] {alert},
        new Object[] {new IncidentRequest(alert.service(), alert.fingerprint(), settings)});
    return incidentId;
  }

  private static String summary(Alert alert) {
    String title = alert.title().length() > 200 ? alert.title().substring(0, 200) + "…" : alert.title();
    return (alert.severity() == null ? "" : alert.severity() + " ") + alert.service() + ": " + title;
  }

  /** The first alert and how to answer the approval, for whoever opens the incident first. */
  private static String details(Alert alert) {
    StringBuilder md = new StringBuilder("**First alert** from `").append(alert.source()).append("`\n\n");
    md.append("- fingerprint: `").append(alert.fingerprint()).append("`\n");
    md.append("- severity: ").append(alert.severity()).append('\n');
    if (alert.startsAt() != null) {
      md.append("- starts at: ").append(alert.startsAt()).append('\n');
    }
    if (alert.labels() != null) {
      alert.labels().forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
    }
    // receivers accept only http(s) links, so a link cannot smuggle script into the page
    alert.links().forEach((name, url) -> md.append("- ").append(name).append(": <").append(url).append(">\n"));
    md.append("\n**Approve** the diff named in Current Details (update `approve`, or signal `approve` from this page):\n\n");
    md.append("`{\"diffSha256\": \"<sha256>\", \"approver\": \"<you>\", \"comment\": \"...\"}`\n\n");
    md.append("**Reject**: signal `reject` with `{\"approver\": \"<you>\", \"comment\": \"why\"}`\n");
    return md.toString();
  }

  /**
   * Whether an alert with this {@link Alert#ID_LABEL} id already reached the incident: its history
   * holds every alert signal, so a retried sender finds its own earlier delivery there. A signal
   * the server still buffers behind a running workflow task is not visible yet; the incident
   * itself also counts an id once, so a rare second delivery changes nothing.
   */
  public boolean delivered(String incidentId, String alertId) {
    if (alertId == null) {
      return false;
    }
    DataConverter converter = client.getOptions().getDataConverter();
    try (Stream<HistoryEvent> events = client.streamHistory(incidentId)) {
      return events
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
          .map(HistoryEvent::getWorkflowExecutionSignaledEventAttributes)
          .filter(s -> "alert".equals(s.getSignalName()) && s.getInput().getPayloadsCount() > 0)
          .anyMatch(s -> alertId.equals(idOf(converter, s)));
    } catch (WorkflowNotFoundException none) {
      return false;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  private static String idOf(DataConverter converter, WorkflowExecutionSignaledEventAttributes signal) {
    try {
      Alert alert = converter.fromPayloads(0, Optional.of(signal.getInput()), Alert.class, Alert.class);
      return alert == null ? null : alert.id();
    } catch (DataConverterException notAnAlert) {
      return null; // someone signalled something else under that name: not ours
    }
  }

  public IncidentWorkflow incident(String incidentId) {
    return client.newWorkflowStub(IncidentWorkflow.class, incidentId);
  }
}
