package dev.selfheal.activities.diagnosis.llm;

import java.time.Duration;
import java.util.Optional;

/**
 * The outcome of asking the model: a verdict, or why there is none.
 *
 * @param ignoredBecause when there is no verdict, {@code "<reason code>: <what happened>"} for
 *     the record ("LLM ignored: …"); null with a verdict
 * @param tokensUsed spent on this advice, attempts together
 * @param latency from the first request to the outcome
 */
public record LlmAdvice(Optional<LlmVerdict> verdict, String ignoredBecause, long tokensUsed, Duration latency) {

  static LlmAdvice given(LlmVerdict verdict, long tokensUsed, Duration latency) {
    return new LlmAdvice(Optional.of(verdict), null, tokensUsed, latency);
  }

  static LlmAdvice ignored(String reasonCode, String detail, long tokensUsed, Duration latency) {
    return new LlmAdvice(Optional.empty(), reasonCode + ": " + detail, tokensUsed, latency);
  }
}
