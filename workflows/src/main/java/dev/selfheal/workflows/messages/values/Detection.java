package dev.selfheal.workflows.messages.values;

/** What the detect stage concluded about the alert. */
public record Detection(Severity severity, String summary) {}
