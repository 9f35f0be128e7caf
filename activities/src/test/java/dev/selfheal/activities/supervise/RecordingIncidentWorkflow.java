package dev.selfheal.activities.supervise;

import dev.selfheal.workflows.IncidentWorkflow;
import dev.selfheal.workflows.messages.commands.ApprovalReceipt;
import dev.selfheal.workflows.messages.commands.ApproveRequest;
import dev.selfheal.workflows.messages.commands.IncidentRequest;
import dev.selfheal.workflows.messages.commands.IncidentResult;
import dev.selfheal.workflows.messages.commands.RejectRequest;
import dev.selfheal.workflows.messages.queries.IncidentStatus;
import dev.selfheal.workflows.messages.queries.TimelineEntry;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.Outcome;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands in for the incident workflow under its type name: records every alert (title, then
 * labels) in its timeline and stays open until a {@code resolved} alert closes it.
 */
public class RecordingIncidentWorkflow implements IncidentWorkflow {
  private final List<TimelineEntry> alerts = new ArrayList<>();
  private boolean resolved;

  @Override
  public IncidentResult run(IncidentRequest request) {
    Workflow.await(() -> resolved);
    return new IncidentResult(Workflow.getInfo().getWorkflowId(), Outcome.RESOLVED, "resolved alert", 0, null);
  }

  @Override
  public void alert(Alert alert) {
    alerts.add(new TimelineEntry(Workflow.currentTimeMillis(), "detect", alert.severity(), alert.title() + "\n" + alert.labels()));
    resolved |= alert.resolved();
  }

  @Override
  public void approveSignal(ApproveRequest request) {}

  @Override
  public void reject(RejectRequest request) {}

  @Override
  public ApprovalReceipt approve(ApproveRequest request) {
    throw new UnsupportedOperationException("no approvals in this stand-in");
  }

  @Override
  public void validateApprove(ApproveRequest request) {
    throw new IllegalArgumentException("no approvals in this stand-in");
  }

  @Override
  public IncidentStatus status() {
    return new IncidentStatus(Workflow.getInfo().getWorkflowId(), null, "detect", Outcome.OPEN, null, alerts.size(),
        null, 0, null, null, null, false, 0);
  }

  @Override
  public List<TimelineEntry> timeline() {
    return List.copyOf(alerts);
  }
}
