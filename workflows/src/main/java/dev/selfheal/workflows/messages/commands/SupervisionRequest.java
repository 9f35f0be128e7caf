package dev.selfheal.workflows.messages.commands;

import dev.selfheal.workflows.IncidentIds;
import dev.selfheal.workflows.messages.values.HealthCheck;
import dev.selfheal.workflows.messages.values.ServiceCommand;
import dev.selfheal.workflows.messages.values.SupervisionPolicy;
import dev.selfheal.workflows.messages.values.SupervisorCarryOver;
import java.util.List;

/**
 * What a {@code SupervisorWorkflow} watches and how it brings the service back.
 *
 * @param policy null takes every default
 * @param logFiles read for the last lines when flapping is escalated
 * @param carried the previous run's state after continue-as-new; null on a fresh start
 */
public record SupervisionRequest(
    String service,
    HealthCheck health,
    ServiceCommand restart,
    SupervisionPolicy policy,
    List<String> logFiles,
    SupervisorCarryOver carried) {

  public SupervisionRequest {
    policy = policy == null ? SupervisionPolicy.defaults() : policy;
    logFiles = logFiles == null ? List.of() : List.copyOf(logFiles);
  }

  public SupervisionRequest carrying(SupervisorCarryOver state) {
    return new SupervisionRequest(service, health, restart, policy, logFiles, state);
  }

  /** What is wrong with this request (naming the field), or null when it can run. */
  public String problem() {
    try {
      IncidentIds.requireService(service);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    if (health == null) {
      return "health is missing";
    }
    if (restart == null) {
      return "restart is missing";
    }
    String problem = health.problem();
    if (problem == null) {
      problem = restart.problem();
    }
    if (problem == null) {
      problem = policy.problem();
    }
    if (problem == null && logFiles.stream().anyMatch(f -> f == null || f.isBlank())) {
      problem = "logFiles holds a blank entry";
    }
    return problem;
  }
}
