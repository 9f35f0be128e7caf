package dev.selfheal.workflows.messages.requests;

import dev.selfheal.workflows.messages.values.IncidentRecord;
import dev.selfheal.workflows.messages.values.TicketRef;

/** Write the post-mortem from the workflow's own record and close the ticket. */
public record PostmortemRequest(TicketRef ticket, IncidentRecord record) {}
