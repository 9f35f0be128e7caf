package dev.selfheal.worker;

/** What a worker process can do; a fleet runs any subset per host. */
public enum Capability {
  /** Workflow tasks. */
  ORCHESTRATION,
  /** Alerts, tickets, logs, diagnosis, health checks. */
  IO,
  /** Worktrees, fixes, tests, reviews, merges, deploys: hosts with disk and toolchains. */
  REPAIR
}
