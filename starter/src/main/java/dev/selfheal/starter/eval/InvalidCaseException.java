package dev.selfheal.starter.eval;

/** A case folder that cannot be evaluated; the message names the file and what is wrong. */
final class InvalidCaseException extends Exception {
  InvalidCaseException(String message) {
    super(message);
  }
}
