package dev.selfheal.workflows.messages.values;

/**
 * An isolated checkout for one incident.
 *
 * @param hostQueue the task queue of the host that holds this worktree; later stages that need
 *     the same files run there
 */
public record Worktree(String path, String branch, String baseCommit, String hostQueue) {}
