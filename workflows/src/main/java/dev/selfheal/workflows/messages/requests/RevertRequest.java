package dev.selfheal.workflows.messages.requests;

/** Revert a merged fix on the default branch. */
public record RevertRequest(String incidentId, String service, String mergeCommit) {}
