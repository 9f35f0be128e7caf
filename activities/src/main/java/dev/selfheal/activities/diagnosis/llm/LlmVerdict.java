package dev.selfheal.activities.diagnosis.llm;

/**
 * What the model concluded.
 *
 * @param candidateId one of the offered ids, or {@link #NONE}
 * @param confidence 0..1, the model's own
 * @param reason at most 400 characters of model text, control characters replaced: show it as
 *     the model's words, never act on it
 * @param model the model that answered
 */
public record LlmVerdict(String candidateId, double confidence, String reason, String model) {
  /** The answer for "no candidate fits the evidence". */
  public static final String NONE = "none";

  public boolean noneFits() {
    return NONE.equals(candidateId);
  }
}
