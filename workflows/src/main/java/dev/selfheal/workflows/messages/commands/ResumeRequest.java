package dev.selfheal.workflows.messages.commands;

/** Probe and restart again; also ends a flapping cool-down early (someone looked at it). */
public record ResumeRequest(String by, String comment) {}
