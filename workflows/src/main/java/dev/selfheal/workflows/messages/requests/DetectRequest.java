package dev.selfheal.workflows.messages.requests;

import dev.selfheal.workflows.messages.values.Alert;

/** Input of the detect stage: the first alert of the incident. */
public record DetectRequest(String incidentId, Alert alert) {}
