package dev.selfheal.workflows.messages.requests;

import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.Severity;

/** Open (or find) the incident's ticket. */
public record TicketOpenRequest(String incidentId, Alert alert, Severity severity) {}
