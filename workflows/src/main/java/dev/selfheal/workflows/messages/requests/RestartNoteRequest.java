package dev.selfheal.workflows.messages.requests;

import dev.selfheal.workflows.messages.values.RestartRecord;

/**
 * Tell a still-open flapping incident about a restart made after it was escalated.
 *
 * @param noteId noted at most once
 */
public record RestartNoteRequest(String service, String incidentId, String noteId, RestartRecord restart) {}
