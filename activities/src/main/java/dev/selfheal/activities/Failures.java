package dev.selfheal.activities;

import dev.selfheal.workflows.Errors;
import io.temporal.failure.ApplicationFailure;

/** Non-retryable failures with a type from {@link Errors}. */
public final class Failures {
  private Failures() {}

  public static ApplicationFailure nonRetryable(Errors type, String message) {
    return ApplicationFailure.newNonRetryableFailure(message, type.name());
  }
}
