package dev.selfheal.activities.fix.guard;

import dev.selfheal.workflows.messages.values.RiskClass;

/** A patch's risk class and the reason for it, e.g. {@code HIGH: src/auth/Login.java names "login"}. */
public record Risk(RiskClass riskClass, String reason) {}
