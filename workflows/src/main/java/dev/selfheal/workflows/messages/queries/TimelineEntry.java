package dev.selfheal.workflows.messages.queries;

/** One line of an incident's audit trail; time is workflow time. */
public record TimelineEntry(long atMillis, String stage, String event, String detail) {}
