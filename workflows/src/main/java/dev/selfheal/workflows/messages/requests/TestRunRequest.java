package dev.selfheal.workflows.messages.requests;

/** Run the service's test command on the worktree at {@code commit}. */
public record TestRunRequest(String incidentId, String service, String worktreePath, String commit) {}
