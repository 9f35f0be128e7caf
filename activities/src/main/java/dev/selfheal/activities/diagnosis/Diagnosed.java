package dev.selfheal.activities.diagnosis;

import dev.selfheal.workflows.messages.values.Diagnosis;

/**
 * What {@link Diagnoser} made of one incident's records: the ranked analysis and, from its best
 * candidate, the workflow's answer.
 *
 * @param diagnosis null when the records hold no candidate (no ERROR/FATAL records)
 */
public record Diagnosed(Analysis analysis, Diagnosis diagnosis) {}
