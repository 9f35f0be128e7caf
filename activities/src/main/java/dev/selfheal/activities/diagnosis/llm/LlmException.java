package dev.selfheal.activities.diagnosis.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * No usable answer. {@link #reason()} is a short code for records and metrics: {@code HTTP_<status>},
 * {@link #TIMEOUT}, {@link #UNREACHABLE}, {@link #INTERRUPTED}, {@link #MALFORMED}, {@link
 * #OUT_OF_SCHEMA}, {@link #REFUSED}, {@link #BUDGET}; the message says what happened.
 */
public final class LlmException extends Exception {
  public static final String TIMEOUT = "TIMEOUT";
  public static final String UNREACHABLE = "UNREACHABLE";
  public static final String INTERRUPTED = "INTERRUPTED";
  /** The model wrote something that is not one JSON value. */
  public static final String MALFORMED = "MALFORMED";
  /** The model wrote JSON that does not match the schema. */
  public static final String OUT_OF_SCHEMA = "OUT_OF_SCHEMA";
  /** The model declined, or named something it was not offered. */
  public static final String REFUSED = "REFUSED";
  /** Sending would exceed the token budget; nothing was sent. */
  public static final String BUDGET = "BUDGET";

  private final String reason;
  private final TokenUsage usage;
  private final JsonNode answer;
  private final List<String> violations;

  private LlmException(String reason, String message, TokenUsage usage, JsonNode answer, List<String> violations) {
    super(message);
    this.reason = reason;
    this.usage = usage;
    this.answer = answer;
    this.violations = List.copyOf(violations);
  }

  static LlmException http(int status, String message) {
    return transport("HTTP_" + status, message);
  }

  static LlmException transport(String reason, String message) {
    return new LlmException(reason, message, TokenUsage.UNKNOWN, null, List.of());
  }

  static LlmException malformed(String message, TokenUsage usage) {
    return new LlmException(MALFORMED, message, usage, null, List.of());
  }

  static LlmException refused(String message, TokenUsage usage) {
    return new LlmException(REFUSED, message, usage, null, List.of());
  }

  static LlmException outOfSchema(JsonNode answer, List<String> violations, TokenUsage usage) {
    return new LlmException(OUT_OF_SCHEMA, "answer does not match the schema: " + String.join("; ", violations),
        usage, answer, violations);
  }

  public String reason() {
    return reason;
  }

  /** What the failed answer cost, when the server said. */
  public TokenUsage usage() {
    return usage;
  }

  /** True when a model wrote something (so tokens were spent), false when the request failed. */
  public boolean modelAnswered() {
    return reason.equals(MALFORMED) || reason.equals(OUT_OF_SCHEMA) || reason.equals(REFUSED);
  }

  /** For {@link #OUT_OF_SCHEMA}: the parsed answer that failed the schema; otherwise null. */
  public JsonNode answer() {
    return answer;
  }

  /** For {@link #OUT_OF_SCHEMA}: each violation with its JSON path; otherwise empty. */
  public List<String> violations() {
    return violations;
  }
}
