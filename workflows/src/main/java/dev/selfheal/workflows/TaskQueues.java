package dev.selfheal.workflows;

/**
 * Task queues, split by capability so a fleet can grow where the load is. Worker and starter
 * both use these names.
 */
public final class TaskQueues {
  /** Workflow tasks only. */
  public static final String ORCHESTRATION = "selfheal-orchestration";

  /** Light I/O: alerts, tickets, logs, diagnosis, health checks. */
  public static final String IO = "selfheal-io";

  /** Any host that can hold worktrees; only the first repair step runs here. */
  public static final String REPAIR = "selfheal-repair";

  private TaskQueues() {}

  /**
   * The queue of one repair host. Stages that share a worktree (fix, test, PR) run there, so they
   * see the files the previous stage wrote.
   */
  public static String repairHost(String hostId) {
    return REPAIR + "@" + hostId;
  }
}
