package dev.selfheal.workflows.messages.commands;

/** Rejection of the proposed fix; JSON: {@code {"approver":"…","comment":"…"}}. */
public record RejectRequest(String approver, String comment) {}
