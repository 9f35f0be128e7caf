package dev.selfheal.starter.eval;

/**
 * How {@code eval --repair} went for one case: one row.
 *
 * @param recipe the recipe the diagnosis chose, or "-"
 * @param redGreen the regression test before → after the fix ({@code red→green} is the goal), or "-"
 * @param fullTests the repository's whole suite on the fixed tree: pass, fail, timeout or "-"
 * @param verdict {@code repaired}, or what stopped the repair
 */
record RepairOutcome(String caseId, String recipe, String redGreen, String fullTests, String verdict, boolean repaired,
    boolean guardRefused, long millis) {

  static RepairOutcome stopped(String caseId, String recipe, String verdict, long millis) {
    return new RepairOutcome(caseId, recipe, "-", "-", verdict, false, false, millis);
  }
}
