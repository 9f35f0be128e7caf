package dev.selfheal.workflows.messages.values;

/** The merge of an incident branch into the default branch. */
public record MergeResult(String mergeCommit, boolean alreadyMerged) {}
