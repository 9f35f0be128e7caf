package dev.selfheal.workflows.messages.values;

/** The earliest failing thing in the causal chain: where the incident starts. */
public record RootCause(
    String service, String component, String errorType, String file, Integer line, String message) {}
