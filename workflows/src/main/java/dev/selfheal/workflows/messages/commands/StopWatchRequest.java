package dev.selfheal.workflows.messages.commands;

/** Stop a log watcher once its current tail run returns. */
public record StopWatchRequest(String reason) {}
