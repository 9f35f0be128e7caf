package dev.selfheal.activities.diagnosis.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One request to a model: instructions, the task, and the JSON Schema the answer must satisfy.
 *
 * @param maxOutputTokens the most the model may write
 */
public record LlmPrompt(String system, String user, JsonNode schema, int maxOutputTokens) {
  /** Rough and deliberately high: English and log text run 3.5–4.5 characters a token. */
  private static final int CHARS_PER_TOKEN = 4;

  public LlmPrompt {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(schema, "schema");
    if (maxOutputTokens <= 0) {
      throw new IllegalArgumentException("maxOutputTokens must be positive, was " + maxOutputTokens);
    }
  }

  /**
   * The system text with the schema spelled out: JSON modes only promise JSON, and the Messages
   * API has no schema parameter, so the model learns the shape from the prompt.
   */
  public String systemWithSchema() {
    return system + "\n\nReply with exactly one JSON object and nothing else. It must match this JSON Schema:\n"
        + schema;
  }

  /** The same request with a different task text (the retry appends what was wrong). */
  public LlmPrompt withUser(String newUser) {
    return new LlmPrompt(system, newUser, schema, maxOutputTokens);
  }

  /** Input tokens (≈ characters / 4) plus the output allowance: what sending this may cost. */
  public long estimatedTokens() {
    long chars = systemWithSchema().length() + user.length();
    return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN + maxOutputTokens;
  }
}
