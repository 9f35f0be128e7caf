package dev.selfheal.example.report;

/** A report job could not produce its report. */
public class ReportGenerationException extends Exception {

  private static final long serialVersionUID = 1L;

  public ReportGenerationException(String message, Throwable cause) {
    super(message, cause);
  }
}
