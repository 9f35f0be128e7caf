package dev.selfheal.workflows.messages.requests;

import dev.selfheal.workflows.messages.values.ServiceCommand;

/** @param restartId unique per supervised service; names the output file a retry reuses */
public record RestartRequest(String service, String restartId, ServiceCommand command) {}
