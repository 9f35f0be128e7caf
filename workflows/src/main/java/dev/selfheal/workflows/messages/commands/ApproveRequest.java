package dev.selfheal.workflows.messages.commands;

/**
 * Approval of one exact diff. Sent as the {@code approve} signal or the {@code approve} update;
 * JSON: {@code {"diffSha256":"…","approver":"…","comment":"…"}}.
 */
public record ApproveRequest(String diffSha256, String approver, String comment) {}
