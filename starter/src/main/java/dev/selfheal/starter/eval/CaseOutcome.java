package dev.selfheal.starter.eval;

import dev.selfheal.activities.diagnosis.Candidate;
import java.util.List;

/**
 * How one case went: one row of {@code selfheal eval}.
 *
 * @param expected the truth's root cause; null when the case could not be loaded
 * @param got the diagnosis's root cause; null when there was none
 * @param rank 1-based place of the first answer naming the truth, 0 when none does
 * @param error what went wrong, or null
 * @param scored whether the case counts in the scores: a case that cannot be loaded measures
 *     nothing, but a diagnosis that fails on a good case is a miss
 * @param candidates the analyzer's ranking, best first, for {@code --explain}; empty without one
 * @param causalChain the diagnosis's chain from root to symptoms, for {@code --explain}; empty without one
 */
record CaseOutcome(
    String caseId,
    ServiceError expected,
    ServiceError got,
    int rank,
    boolean baselineHit,
    long millis,
    String error,
    boolean scored,
    List<Candidate> candidates,
    List<String> causalChain) {

  static CaseOutcome diagnosed(String caseId, ServiceError expected, ServiceError got, int rank, boolean baselineHit,
      long millis, List<Candidate> candidates, List<String> causalChain) {
    return new CaseOutcome(caseId, expected, got, rank, baselineHit, millis, null, true, List.copyOf(candidates),
        List.copyOf(causalChain));
  }

  static CaseOutcome failed(String caseId, ServiceError expected, String error, long millis) {
    return new CaseOutcome(caseId, expected, null, 0, false, millis, error, true, List.of(), List.of());
  }

  static CaseOutcome unloadable(String caseId, String error) {
    return new CaseOutcome(caseId, null, null, 0, false, 0, error, false, List.of(), List.of());
  }
}
