package dev.selfheal.workflows.messages.requests;

/** Prepare the isolated worktree on branch {@code selfheal/<incidentId>}. */
public record WorktreeRequest(String incidentId, String service) {}
