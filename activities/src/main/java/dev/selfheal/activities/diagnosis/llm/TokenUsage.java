package dev.selfheal.activities.diagnosis.llm;

/** Tokens a model server says it read and wrote for one request; zeros when it did not say. */
public record TokenUsage(long inputTokens, long outputTokens) {
  public static final TokenUsage UNKNOWN = new TokenUsage(0, 0);

  public long total() {
    return inputTokens + outputTokens;
  }
}
