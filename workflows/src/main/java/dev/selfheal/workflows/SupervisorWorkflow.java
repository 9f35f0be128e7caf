package dev.selfheal.workflows;

import dev.selfheal.workflows.messages.commands.PauseRequest;
import dev.selfheal.workflows.messages.commands.ResumeRequest;
import dev.selfheal.workflows.messages.commands.SupervisionRequest;
import dev.selfheal.workflows.messages.queries.SupervisorState;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The "recover" level for one service, id {@code supervisor-<service>}: probe, restart with
 * exponential backoff, and when restarts do not hold (flapping) stop for a cool-down and open an
 * incident. Runs until terminated, continuing as new before its history grows large.
 */
@WorkflowInterface
public interface SupervisorWorkflow {
  String TYPE = "SupervisorWorkflow";

  static String workflowId(String service) {
    IncidentIds.requireService(service);
    return "supervisor-" + service;
  }

  @WorkflowMethod(name = TYPE)
  void run(SupervisionRequest request);

  /**
   * New settings from the catalog (health check, restart command, policy, log files). They take
   * effect at the next probe by continuing as new with every counter; the same settings change
   * nothing.
   */
  @SignalMethod(name = "configure")
  void configure(SupervisionRequest request);

  @SignalMethod(name = "pause")
  void pause(PauseRequest request);

  @SignalMethod(name = "resume")
  void resume(ResumeRequest request);

  @QueryMethod(name = "state")
  SupervisorState state();
}
