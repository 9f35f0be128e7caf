package dev.selfheal.starter.eval;

import java.util.Locale;

/** The tally over the scored cases, and the summary line that is eval's contract with scripts. */
final class EvalScore {
  private int cases;
  private int top1;
  private int top3;
  private int baselineTop1;

  void add(CaseOutcome outcome) {
    if (!outcome.scored()) {
      return;
    }
    cases++;
    if (outcome.rank() == 1) {
      top1++;
    }
    if (outcome.rank() >= 1 && outcome.rank() <= 3) {
      top3++;
    }
    if (outcome.baselineHit()) {
      baselineTop1++;
    }
  }

  /** {@code top1=0.38 top3=0.50 baseline_top1=0.13 n=8}: fractions of the scored cases. */
  String summaryLine() {
    return String.format(Locale.ROOT, "top1=%.2f top3=%.2f baseline_top1=%.2f n=%d",
        fraction(top1), fraction(top3), fraction(baselineTop1), cases);
  }

  private double fraction(int hits) {
    return cases == 0 ? 0 : (double) hits / cases;
  }
}
