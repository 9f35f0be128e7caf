package dev.selfheal.workflows.messages.values;

/** Incident priority, P0 (everything is down) to P3 (informational). */
public enum Severity {
  P0,
  P1,
  P2,
  P3
}
