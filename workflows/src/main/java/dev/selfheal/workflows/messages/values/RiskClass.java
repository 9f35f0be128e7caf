package dev.selfheal.workflows.messages.values;

/**
 * How much a patch could hurt if it is wrong, from the paths and lines it touches. A high-risk
 * patch (auth, payments, data stores) always waits for a human, whatever the service's mode.
 */
public enum RiskClass {
  /** Configuration or documentation only. */
  LOW,
  /** Code. */
  MEDIUM,
  /** Auth, sessions, tokens, crypto, payments, billing, data stores, migrations, schemas. */
  HIGH
}
