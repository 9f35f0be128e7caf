package dev.selfheal.starter.serve;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.util.List;

/** What the server recorded for an incident id: whether it exists, and the alerts signalled into it. */
final class IncidentHistories {
  private final WorkflowClient client;

  IncidentHistories(WorkflowClient client) {
    this.client = client;
  }

  boolean exists(String incidentId) {
    try {
      client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
          DescribeWorkflowExecutionRequest.newBuilder()
              .setNamespace(client.getOptions().getNamespace())
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(incidentId))
              .build());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  List<HistoryEvent> alertSignals(String incidentId) {
    return client.fetchHistory(incidentId).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .filter(e -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName().equals("alert"))
        .toList();
  }
}
