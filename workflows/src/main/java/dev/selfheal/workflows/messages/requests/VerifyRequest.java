package dev.selfheal.workflows.messages.requests;

/** One verification probe after a deploy. */
public record VerifyRequest(String incidentId, String service, int attempt) {}
