package dev.selfheal.activities.diagnosis;

import dev.selfheal.activities.logs.LogRecord;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A known fix: when the root cause's error type (simple name) is one of the rule's and its
 * message matches, the recipe applies. Read from reviewable files ({@link PlaybookFile}).
 *
 * @param errorTypes simple class names, compared exactly
 * @param message searched (not fully matched) in the root record's message
 * @param services the services it is limited to; empty means any
 * @param category what kind of fault this is ({@code code}, {@code config}, ...)
 * @param description why the fix is right, for reviewers
 * @param afterDeploy whether the rule only holds when the root error began right after a deploy
 *     of its service
 */
public record PlaybookRule(
    String id,
    Set<String> errorTypes,
    Pattern message,
    Set<String> services,
    String recipeId,
    String category,
    String description,
    boolean afterDeploy) {

  public PlaybookRule {
    Objects.requireNonNull(id, "id");
    errorTypes = Set.copyOf(errorTypes);
    Objects.requireNonNull(message, "message");
    services = Set.copyOf(services);
    Objects.requireNonNull(recipeId, "recipeId");
    Objects.requireNonNull(category, "category");
  }

  /** @param errorType as logged, qualified or not */
  public boolean matches(String service, String errorType, String message) {
    return matches(service, errorType, message, false);
  }

  /** @param deployed whether the error began right after a deploy of {@code service} */
  public boolean matches(String service, String errorType, String message, boolean deployed) {
    return errorType != null
        && (deployed || !afterDeploy)
        && message != null
        && errorTypes.contains(LogRecord.simpleName(errorType))
        && (services.isEmpty() || services.contains(service))
        && this.message.matcher(message).find();
  }
}
