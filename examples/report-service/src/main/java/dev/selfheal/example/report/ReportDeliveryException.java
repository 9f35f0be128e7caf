package dev.selfheal.example.report;

/** A finished report could not be handed to the outbox. */
public class ReportDeliveryException extends Exception {

  private static final long serialVersionUID = 1L;

  public ReportDeliveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
