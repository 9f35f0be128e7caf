package dev.selfheal.workflows.messages.requests;

/** Deploy {@code commit} of the service; the commit is the idempotency key. */
public record DeployRequest(String incidentId, String service, String commit, String reason) {}
