package dev.selfheal.activities.diagnosis;

import dev.selfheal.activities.logs.LogRecord;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A known fix: when the root cause's error type (simple name) and message match, the recipe
 * applies. Deliberately plain data, so rules can later be loaded from reviewable files.
 *
 * @param errorType simple class name, compared exactly
 * @param message searched (not fully matched) in the root record's message
 * @param category what kind of fault this is ({@code code}, {@code config}, ...)
 */
public record PlaybookRule(String id, String errorType, Pattern message, String recipeId, String category) {

  public PlaybookRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(errorType, "errorType");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(recipeId, "recipeId");
    Objects.requireNonNull(category, "category");
  }

  /** @param errorType as logged, qualified or not */
  public boolean matches(String errorType, String message) {
    return errorType != null
        && message != null
        && this.errorType.equals(LogRecord.simpleName(errorType))
        && this.message.matcher(message).find();
  }
}
