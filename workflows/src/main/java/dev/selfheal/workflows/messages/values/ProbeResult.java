package dev.selfheal.workflows.messages.values;

/** One health probe: healthy or not, and what was seen (status, exit code, error). */
public record ProbeResult(boolean healthy, String detail) {}
