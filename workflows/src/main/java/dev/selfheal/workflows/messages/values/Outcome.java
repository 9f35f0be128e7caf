package dev.selfheal.workflows.messages.values;

/** How an incident ended. */
public enum Outcome {
  OPEN,
  RESOLVED,
  ROLLED_BACK,
  REJECTED,
  ESCALATED;

  /** Lower-case name as printed and stored in search attributes. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
