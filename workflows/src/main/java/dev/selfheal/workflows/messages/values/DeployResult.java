package dev.selfheal.workflows.messages.values;

/** A deploy of one commit; {@code alreadyDeployed} when a retry found its own earlier deploy. */
public record DeployResult(String commit, String deployId, boolean alreadyDeployed) {}
