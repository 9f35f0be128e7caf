package dev.selfheal.workflows;

import dev.selfheal.workflows.messages.commands.SupervisionRequest;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;

/** Client-side entry point for supervisors: make sure a service has one, reach the one it has. */
public final class SupervisorClient {
  private final WorkflowClient client;

  public SupervisorClient(WorkflowClient client) {
    this.client = client;
  }

  /**
   * Starts {@code supervisor-<service>}, or hands a running one these settings (it keeps every
   * counter, and changes nothing when they are the same).
   *
   * @return true when this call started it, false when one was running
   * @throws IllegalArgumentException naming the bad field, before anything is started
   */
  public boolean ensureRunning(SupervisionRequest request) {
    String problem = request == null ? "supervision request is missing" : request.problem();
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    if (request.carried() != null) {
      throw new IllegalArgumentException("carried is set by the supervisor itself on continue-as-new; leave it empty");
    }
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(SupervisorWorkflow.workflowId(request.service()))
            .setTaskQueue(TaskQueues.ORCHESTRATION)
            // a supervisor that ended (terminated, failed) may be started again
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setStaticSummary("supervises " + request.service())
            .build();
    try {
      WorkflowClient.start(client.newWorkflowStub(SupervisorWorkflow.class, options)::run, request);
      return true;
    } catch (WorkflowExecutionAlreadyStarted running) {
      supervisor(request.service()).configure(request);
      return false;
    }
  }

  /** The running supervisor of {@code service}: query {@code state}, signal pause/resume. */
  public SupervisorWorkflow supervisor(String service) {
    return client.newWorkflowStub(SupervisorWorkflow.class, SupervisorWorkflow.workflowId(service));
  }
}
