package dev.selfheal.workflows.messages.values;

/**
 * @param incidentId the incident the flapping was raised into
 * @param alreadyRaised the episode was in that incident already (a retried escalation)
 */
public record EscalationResult(String incidentId, boolean alreadyRaised) {}
