package dev.selfheal.workflows.messages.requests;

/**
 * Show that the fix's regression test fails without the fix: run the service's tests on the
 * commit before the fix plus the test files the fix added.
 *
 * @param diagnosedErrorType the root cause's error type, looked for in the failure (may be null)
 */
public record ProofRequest(
    String incidentId, String service, String worktreePath, String baseCommit, String fixCommit,
    String diagnosedErrorType) {}
