package dev.selfheal.workflows.messages.requests;

import dev.selfheal.workflows.messages.values.TicketRef;

/** Hand the incident to a human, with the reason and what is known so far. */
public record EscalationRequest(String incidentId, TicketRef ticket, String stage, String reason) {}
