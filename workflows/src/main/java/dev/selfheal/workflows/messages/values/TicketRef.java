package dev.selfheal.workflows.messages.values;

/** A ticket in whatever tracker {@code TicketActivities} talks to; {@code location} is a path or URL. */
public record TicketRef(String id, String location) {}
