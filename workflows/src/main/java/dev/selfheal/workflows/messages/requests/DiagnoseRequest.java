package dev.selfheal.workflows.messages.requests;

import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.LogWindow;

/** Diagnose from the collected log window. */
public record DiagnoseRequest(String incidentId, String service, Alert alert, LogWindow window) {}
