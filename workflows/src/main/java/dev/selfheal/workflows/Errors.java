package dev.selfheal.workflows;

/**
 * Failure types that retrying cannot cure. Activities throw {@code ApplicationFailure} with one
 * of these names as its type; activity options list them as non-retryable.
 */
public enum Errors {
  INVALID_ALERT,
  /** An activity was called with arguments that can never work (e.g. another service's incident id). */
  INVALID_REQUEST,
  UNKNOWN_SERVICE,
  LOG_NOT_FOUND,
  NO_DIAGNOSIS,
  NO_RECIPE,
  PATCH_REFUSED,
  MERGE_CONFLICT,
  DEPLOY_FAILED,
  CONFIG_INVALID;

  /** All names, for {@code RetryOptions.setDoNotRetry}. */
  public static String[] names() {
    Errors[] values = values();
    String[] names = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      names[i] = values[i].name();
    }
    return names;
  }
}
