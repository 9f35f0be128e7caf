package dev.selfheal.workflows.messages.requests;

import dev.selfheal.workflows.messages.values.HealthCheck;
import dev.selfheal.workflows.messages.values.ServiceCommand;

/** @param restart a command probe runs in the restart command's folder and environment */
public record ProbeRequest(String service, HealthCheck health, ServiceCommand restart) {}
