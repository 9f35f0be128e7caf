package dev.selfheal.workflows.messages.requests;

import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.FixProof;
import dev.selfheal.workflows.messages.values.FixResult;
import dev.selfheal.workflows.messages.values.TestReport;
import dev.selfheal.workflows.messages.values.Worktree;

/**
 * Push the incident branch and open (or find) its review request.
 *
 * @param proof the regression tests' red run before the fix; null in histories recorded before it
 */
public record ReviewRequest(
    String incidentId,
    String service,
    Worktree worktree,
    Diagnosis diagnosis,
    FixResult fix,
    TestReport tests,
    FixProof proof) {}
