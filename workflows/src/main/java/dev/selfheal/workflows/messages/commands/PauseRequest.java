package dev.selfheal.workflows.messages.commands;

/** Stop probing and restarting a supervised service until resumed (e.g. planned maintenance). */
public record PauseRequest(String by, String reason) {}
