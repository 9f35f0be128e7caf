package dev.selfheal.workflows.messages.values;

import java.util.List;

/**
 * The diagnose stage's answer.
 *
 * @param causalChain from cause to symptoms, one human-readable step each
 * @param evidence the log lines that support the root cause, trimmed
 * @param confidence 0..1, honest: lower when candidates are close or evidence is thin
 * @param recipeId a known fix for this root cause, or null when none applies
 * @param alternatives other candidates that were considered, best first
 */
public record Diagnosis(
    RootCause rootCause,
    String category,
    String summary,
    List<String> causalChain,
    List<String> evidence,
    double confidence,
    String recipeId,
    List<String> alternatives) {}
