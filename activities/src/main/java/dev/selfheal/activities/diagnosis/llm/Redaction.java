package dev.selfheal.activities.diagnosis.llm;

/** Text with its secrets replaced by {@code [REDACTED:<kind>]}, and how many were replaced. */
public record Redaction(String text, int count) {}
