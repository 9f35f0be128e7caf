package dev.selfheal.activities.fix.llm;

/**
 * A model's edit answer that cannot be used. The message is the exact error, worded for the model
 * as much as for the log: a correctable rejection is sent back once so the model can fix it.
 */
final class EditRejected extends Exception {
  private final boolean correctable;

  private EditRejected(String message, boolean correctable) {
    super(message);
    this.correctable = correctable;
  }

  /** Worth one more try with the error: wrong shape, ambiguous or missing search text. */
  static EditRejected correctable(String message) {
    return new EditRejected(message, true);
  }

  /** Not worth another try: the model reached beyond what it was shown, or the provider broke. */
  static EditRejected refused(String message) {
    return new EditRejected(message, false);
  }

  boolean isCorrectable() {
    return correctable;
  }
}
