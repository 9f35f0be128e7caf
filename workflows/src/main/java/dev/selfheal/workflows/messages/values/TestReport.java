package dev.selfheal.workflows.messages.values;

/** Outcome of the service's own test command on a tree. Output is kept in a file, not history. */
public record TestReport(
    boolean passed, int exitCode, String summary, String outputPath, long durationMillis) {}
