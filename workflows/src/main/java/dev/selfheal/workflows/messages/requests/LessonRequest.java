package dev.selfheal.workflows.messages.requests;

import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.Outcome;

/** Record what this incident taught, for later incidents of the same kind. */
public record LessonRequest(String incidentId, String service, Diagnosis diagnosis, String recipeId, Outcome outcome) {}
