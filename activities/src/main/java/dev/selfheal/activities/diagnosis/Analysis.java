package dev.selfheal.activities.diagnosis;

import java.time.Instant;
import java.util.List;

/**
 * What {@link CausalAnalyzer} concluded from a set of records.
 *
 * @param candidates best first; empty when there were no ERROR/FATAL records
 * @param confidence 0..1 for the first candidate
 * @param causalChain the first candidate's chain, root first, one step per link depth (parallel
 *     effects at one depth share a step, joined by {@code " + "})
 * @param evidence raw records backing the chain (root first), each trimmed
 * @param onset when the failures began, as estimated from the groups' start times
 * @param deployChange {@code "3.7.4 → 3.8.0 at <instant>"} when the root's service changed
 *     version shortly before the root first failed, else null
 * @param mostFrequentService the naive answer: service of the most frequent (service, simple
 *     error type) among ERROR/FATAL records
 * @param mostFrequentErrorType its simple error type (null when those records name none)
 */
public record Analysis(
    List<Candidate> candidates,
    double confidence,
    List<String> causalChain,
    List<String> evidence,
    long records,
    long errorRecords,
    int groups,
    Instant onset,
    String deployChange,
    String mostFrequentService,
    String mostFrequentErrorType,
    long mostFrequentCount) {

  /** The best candidate, or null when there is none. */
  public Candidate top() {
    return candidates.isEmpty() ? null : candidates.get(0);
  }
}
