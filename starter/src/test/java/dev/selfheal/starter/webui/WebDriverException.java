package dev.selfheal.starter.webui;

/** The driver answered a WebDriver command with an error ({@code value.error} and {@code value.message}). */
public final class WebDriverException extends RuntimeException {
  private final String error;

  WebDriverException(String command, String error, String message) {
    super(command + " failed: " + error + ": " + message);
    this.error = error;
  }

  /** The W3C error code, e.g. {@code no such element}, {@code timeout}, {@code session not created}. */
  public String error() {
    return error;
  }
}
