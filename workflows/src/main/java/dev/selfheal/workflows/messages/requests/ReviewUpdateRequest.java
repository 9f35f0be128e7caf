package dev.selfheal.workflows.messages.requests;

import dev.selfheal.workflows.messages.values.ReviewRef;

/** Record a decision on a review request: {@code approved}, {@code rejected}, {@code merged}. */
public record ReviewUpdateRequest(
    String incidentId, String service, ReviewRef review, String state, String actor, String comment) {}
