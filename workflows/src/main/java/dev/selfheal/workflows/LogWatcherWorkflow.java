package dev.selfheal.workflows;

import dev.selfheal.workflows.messages.commands.LogWatchRequest;
import dev.selfheal.workflows.messages.commands.StopWatchRequest;
import dev.selfheal.workflows.messages.queries.LogWatchState;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Watches one service's logs for recurring errors and raises them as incidents, for as long as it
 * runs. One per service: id {@link #workflowId(String)}.
 */
@WorkflowInterface
public interface LogWatcherWorkflow {
  String TYPE = "LogWatcherWorkflow";

  /** {@code logwatch-<service>}; the service must be a valid name ({@link IncidentIds#requireService}). */
  static String workflowId(String service) {
    IncidentIds.requireService(service);
    return "logwatch-" + service;
  }

  @WorkflowMethod(name = TYPE)
  void run(LogWatchRequest request);

  @QueryMethod(name = "state")
  LogWatchState state();

  /**
   * New settings from the catalog (sources, threshold, window). They take effect after the current
   * tail run, by continuing as new with the checkpoint; the same settings change nothing.
   */
  @SignalMethod(name = "configure")
  void configure(LogWatchRequest request);

  /** Ends the watcher after its current tail run (at most {@link WatchActivityOptions#TAIL_RUN}). */
  @SignalMethod(name = "stop")
  void stop(StopWatchRequest request);
}
