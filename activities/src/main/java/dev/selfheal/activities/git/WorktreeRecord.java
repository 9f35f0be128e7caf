package dev.selfheal.activities.git;

/**
 * {@code <incidentDir>/worktree.json}: written once when the worktree is first cloned, so a
 * retried or restarted prepare returns the same base commit even after the default branch moved.
 */
public record WorktreeRecord(String incidentId, String branch, String baseCommit, String origin, String createdAt) {}
