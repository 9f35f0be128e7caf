package dev.selfheal.workflows.messages.values;

/** The revert of a merged fix, committed and pushed to the default branch. */
public record RevertResult(String revertCommit, boolean alreadyReverted) {}
