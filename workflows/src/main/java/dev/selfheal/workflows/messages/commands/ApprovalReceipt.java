package dev.selfheal.workflows.messages.commands;

/** What the {@code approve} update returns to its caller once the approval is recorded. */
public record ApprovalReceipt(String incidentId, String diffSha256, String approver, String stage) {}
