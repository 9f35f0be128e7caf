package dev.selfheal.workflows.messages.requests;

import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.Worktree;

/** Apply and commit a fix for the diagnosis in the worktree. */
public record FixRequest(String incidentId, String service, Worktree worktree, Diagnosis diagnosis) {}
