package dev.selfheal.workflows.messages.commands;

import dev.selfheal.workflows.messages.values.Outcome;

/** Workflow result. */
public record IncidentResult(
    String incidentId, Outcome outcome, String reason, int stagesCompleted, String postmortemPath) {}
