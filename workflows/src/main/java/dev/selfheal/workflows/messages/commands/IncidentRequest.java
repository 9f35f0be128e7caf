package dev.selfheal.workflows.messages.commands;

import dev.selfheal.workflows.messages.values.IncidentSettings;

/**
 * Workflow input. Alerts are not part of it: every alert, the first included, arrives through
 * the {@code alert} signal of SignalWithStart, so alert counts add up exactly.
 */
public record IncidentRequest(String service, String fingerprint, IncidentSettings settings) {}
