package dev.selfheal.activities.supervise;

import dev.selfheal.activities.Failures;
import dev.selfheal.workflows.Errors;
import dev.selfheal.workflows.IncidentClient;
import dev.selfheal.workflows.IncidentIds;
import dev.selfheal.workflows.activities.FlapEscalationActivities;
import dev.selfheal.workflows.messages.requests.FlapEscalationRequest;
import dev.selfheal.workflows.messages.requests.RestartNoteRequest;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.SupervisorAlerts;
import dev.selfheal.workflows.messages.values.EscalationResult;
import dev.selfheal.workflows.messages.values.IncidentSettings;
import dev.selfheal.workflows.messages.values.RestartRecord;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises a flapping service into its incident ({@code incident-<service>-flapping}, so every
 * episode of one service joins the same open incident) with the evidence a human needs: the
 * last log lines and the restart history. Idempotent by the episode id: the incident's history
 * is searched for it before raising. Uses the worker's own client
 * ({@code ActivityExecutionContext.getWorkflowClient()}, SDK 1.38).
 */
public class FlapEscalationActivitiesImpl implements FlapEscalationActivities {
  static final String FINGERPRINT = "flapping";
  private static final Logger log = LoggerFactory.getLogger(FlapEscalationActivitiesImpl.class);
  private static final int TAIL_CHARS_PER_RESTART = 200;

  @Override
  public EscalationResult escalateFlapping(FlapEscalationRequest request) {
    return escalate(Activity.getExecutionContext().getWorkflowClient(), request);
  }

  @Override
  public boolean noteRestart(RestartNoteRequest request) {
    return note(Activity.getExecutionContext().getWorkflowClient(), request);
  }

  EscalationResult escalate(WorkflowClient client, FlapEscalationRequest request) {
    String incidentId = incidentId(request.service());
    if (request.episodeId() == null || request.episodeId().isBlank()) {
      throw Failures.nonRetryable(Errors.INVALID_REQUEST, "episodeId is missing");
    }
    if (new IncidentClient(client).delivered(incidentId, request.episodeId())) {
      log.info("service={} episode={} already raised into incident={}", request.service(), request.episodeId(), incidentId);
      return new EscalationResult(incidentId, true);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Alert.ID_LABEL, request.episodeId());
    labels.put("raised_by", "supervisor-" + request.service());
    labels.put(SupervisorAlerts.RESTART_HISTORY, history(request.restarts()));
    labels.put(SupervisorAlerts.LOG_TAIL, LogTail.of(request.logFiles() == null ? List.of() : request.logFiles()));
    Alert alert = new Alert(SupervisorAlerts.SOURCE, request.service(), FINGERPRINT, request.title(), "high",
        Instant.now().toString(), "firing", labels, Map.of());
    try {
      new IncidentClient(client).raise(alert, IncidentSettings.defaults());
    } catch (IllegalArgumentException e) {
      throw Failures.nonRetryable(Errors.INVALID_REQUEST, "flapping alert refused: " + e.getMessage());
    }
    log.warn("service={} episode={} flapping raised into incident={}", request.service(), request.episodeId(), incidentId);
    return new EscalationResult(incidentId, false);
  }

  boolean note(WorkflowClient client, RestartNoteRequest request) {
    if (new IncidentClient(client).delivered(request.incidentId(), request.noteId())) {
      return true;
    }
    RestartRecord r = request.restart();
    String title = "restarted after escalation: crash at " + Instant.ofEpochMilli(r.crashedAtMillis()) + ", waited "
        + r.backoffSeconds() + "s, restart exit " + r.exitCode() + " in " + r.durationMillis() + "ms";
    Alert alert = new Alert(SupervisorAlerts.SOURCE, request.service(), FINGERPRINT, title, "info",
        Instant.ofEpochMilli(r.restartedAtMillis()).toString(), "firing", Map.of(Alert.ID_LABEL, request.noteId()), Map.of());
    try {
      // a plain signal, not SignalWithStart: a closed incident is not reopened by a restart
      client.newUntypedWorkflowStub(request.incidentId()).signal("alert", alert);
      return true;
    } catch (WorkflowNotFoundException closed) {
      log.info("service={} incident={} is closed; restart not noted", request.service(), request.incidentId());
      return false;
    }
  }

  private static String incidentId(String service) {
    try {
      return IncidentIds.incidentId(service, FINGERPRINT);
    } catch (IllegalArgumentException e) {
      throw Failures.nonRetryable(Errors.INVALID_REQUEST, e.getMessage());
    }
  }

  /** One line per restart, oldest first: when it crashed, how long it waited, what the restart did. */
  static String history(List<RestartRecord> restarts) {
    if (restarts == null || restarts.isEmpty()) {
      return "(no restarts)";
    }
    StringBuilder out = new StringBuilder();
    for (RestartRecord r : restarts) {
      out.append("crash ").append(Instant.ofEpochMilli(r.crashedAtMillis()))
          .append(" backoff ").append(r.backoffSeconds()).append("s")
          .append(" restart ").append(Instant.ofEpochMilli(r.restartedAtMillis()))
          .append(" exit ").append(r.exitCode())
          .append(" in ").append(r.durationMillis()).append("ms");
      String tail = r.outputTail() == null ? "" : r.outputTail().strip().replaceAll("\\s*\\n\\s*", " | ");
      if (!tail.isEmpty()) {
        out.append(" output: ").append(tail.length() > TAIL_CHARS_PER_RESTART
            ? "…" + tail.substring(tail.length() - TAIL_CHARS_PER_RESTART) : tail);
      }
      out.append('\n');
    }
    return out.toString();
  }
}
