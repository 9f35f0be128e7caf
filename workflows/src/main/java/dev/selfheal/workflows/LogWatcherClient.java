package dev.selfheal.workflows;

import dev.selfheal.workflows.messages.commands.LogWatchRequest;
import dev.selfheal.workflows.messages.queries.LogWatchState;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;

/** Client-side entry point for log watchers, for {@code selfheal serve}, the worker and tests. */
public final class LogWatcherClient {
  private final WorkflowClient client;

  public LogWatcherClient(WorkflowClient client) {
    this.client = client;
  }

  /**
   * Starts the service's watcher, or hands a running one these settings (it keeps its checkpoint,
   * and changes nothing when they are the same). A watcher that ended (stopped, failed) is started
   * again, from the files' ends.
   *
   * @return true when this call started it, false when one was running
   * @throws IllegalArgumentException naming what is wrong with the request, before anything starts
   */
  public boolean ensureRunning(LogWatchRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("log watch request is missing");
    }
    request.validate();
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(LogWatcherWorkflow.workflowId(request.service()))
            .setTaskQueue(TaskQueues.ORCHESTRATION)
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setStaticSummary("log watcher: " + request.service())
            .build();
    LogWatcherWorkflow watcher = client.newWorkflowStub(LogWatcherWorkflow.class, options);
    try {
      WorkflowClient.start(watcher::run, request);
      return true;
    } catch (WorkflowExecutionAlreadyStarted running) {
      client.newWorkflowStub(LogWatcherWorkflow.class, LogWatcherWorkflow.workflowId(request.service())).configure(request);
      return false;
    }
  }

  public LogWatchState state(String service) {
    return client.newWorkflowStub(LogWatcherWorkflow.class, LogWatcherWorkflow.workflowId(service)).state();
  }
}
