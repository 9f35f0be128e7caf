package dev.selfheal.activities.diagnosis;

/** A playbook file that cannot be used; the message names the file, line and field. */
public final class PlaybookException extends RuntimeException {
  public PlaybookException(String message) {
    super(message);
  }
}
