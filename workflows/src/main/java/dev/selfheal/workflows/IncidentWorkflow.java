package dev.selfheal.workflows;

import dev.selfheal.workflows.messages.commands.ApprovalReceipt;
import dev.selfheal.workflows.messages.commands.ApproveRequest;
import dev.selfheal.workflows.messages.commands.IncidentRequest;
import dev.selfheal.workflows.messages.commands.IncidentResult;
import dev.selfheal.workflows.messages.commands.RejectRequest;
import dev.selfheal.workflows.messages.queries.IncidentStatus;
import dev.selfheal.workflows.messages.queries.TimelineEntry;
import dev.selfheal.workflows.messages.values.Alert;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * One incident, from its first alert to its post-mortem. Id: {@code incident-<service>-<fingerprint>}
 * (see {@link IncidentIds}); started with SignalWithStart on {@link #alert}.
 */
@WorkflowInterface
public interface IncidentWorkflow {
  String TYPE = "IncidentWorkflow";

  @WorkflowMethod(name = TYPE)
  IncidentResult run(IncidentRequest request);

  /** Every alert for this incident, the first included. */
  @SignalMethod(name = "alert")
  void alert(Alert alert);

  /** Approval as a signal: a wrong or stale diff hash is recorded in the timeline and ignored. */
  @SignalMethod(name = "approve")
  void approveSignal(ApproveRequest request);

  @SignalMethod(name = "reject")
  void reject(RejectRequest request);

  /** Approval as an update: the caller hears back, and a wrong hash is refused with a reason. */
  @UpdateMethod(name = "approve")
  ApprovalReceipt approve(ApproveRequest request);

  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(ApproveRequest request);

  @QueryMethod(name = "status")
  IncidentStatus status();

  @QueryMethod(name = "timeline")
  List<TimelineEntry> timeline();
}
