package dev.selfheal.workflows.messages.values;

/**
 * The log lines around an incident, copied into the incident's folder. History carries only the
 * reference and a digest, never the lines.
 */
public record LogWindow(String path, long lines, long errorLines, long unreadableLines, String sha256) {}
