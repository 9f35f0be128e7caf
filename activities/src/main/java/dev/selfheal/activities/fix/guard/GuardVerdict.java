package dev.selfheal.activities.fix.guard;

/**
 * What the patch guard decided about one patch. A refusal names its rule and the file; the risk
 * class is given either way.
 *
 * @param rule the rule that refused the patch; null when it is allowed
 * @param file the file the rule refused (for {@link GuardRule#TOO_LARGE}, the patch as a whole)
 */
public record GuardVerdict(GuardRule rule, String file, String detail, Risk risk) {

  static GuardVerdict allow(Risk risk) {
    return new GuardVerdict(null, null, null, risk);
  }

  static GuardVerdict refuse(GuardRule rule, String file, String detail, Risk risk) {
    return new GuardVerdict(rule, file, detail, risk);
  }

  public boolean allowed() {
    return rule == null;
  }

  /** For people and logs: the rule, the file and what in it was refused. */
  public String message() {
    return allowed()
        ? "allowed, risk " + risk.riskClass() + " (" + risk.reason() + ")"
        : rule.describe(file, detail);
  }
}
