package dev.selfheal.workflows.messages.requests;

/** Collect the service's log lines around the alert into the incident's folder. */
public record LogWindowRequest(String incidentId, String service, String startsAt) {}
