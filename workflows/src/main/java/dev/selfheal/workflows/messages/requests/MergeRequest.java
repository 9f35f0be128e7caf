package dev.selfheal.workflows.messages.requests;

/** Merge the incident branch at exactly {@code commit} into the default branch. */
public record MergeRequest(String incidentId, String service, String branch, String commit) {}
