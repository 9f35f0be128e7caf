package dev.selfheal.starter.alerts;

/** An alert body that cannot be accepted; the message says which field and why. */
public final class InvalidAlertException extends RuntimeException {
  public InvalidAlertException(String message) {
    super(message);
  }
}
