package dev.selfheal.workflows.messages.values;

/** A review request (pull/merge request) for the incident branch. */
public record ReviewRef(String id, String url, String headBranch, boolean created) {}
