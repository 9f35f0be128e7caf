package dev.selfheal.starter.incidents;

import io.temporal.failure.ApplicationFailure;

/** The human part of a failure that came back from the server. */
final class Messages {
  private Messages() {}

  static String of(Throwable failure) {
    if (failure instanceof ApplicationFailure app) {
      return app.getOriginalMessage();
    }
    return failure.getMessage();
  }
}
