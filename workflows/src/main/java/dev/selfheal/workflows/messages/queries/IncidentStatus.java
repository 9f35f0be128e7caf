package dev.selfheal.workflows.messages.queries;

import dev.selfheal.workflows.messages.values.Outcome;

/** Answer of the {@code status} query: where the incident is and what an approver needs. */
public record IncidentStatus(
    String incidentId,
    String service,
    String stage,
    Outcome outcome,
    String severity,
    int alertCount,
    String rootCause,
    double confidence,
    String diffSha256,
    String diffPath,
    String reviewUrl,
    boolean awaitingApproval,
    int stagesCompleted) {}
