package dev.selfheal.starter.webui;

/** {@code scripts/install-chromium.sh} failed; carries its exit code and everything it printed. */
public final class BrowserInstallException extends RuntimeException {
  private final int exitCode;
  private final String output;

  BrowserInstallException(String message, int exitCode, String output) {
    super(message + "\n" + output);
    this.exitCode = exitCode;
    this.output = output;
  }

  /** The script's exit code; 3 means it lacked root to install, -1 that it did not finish. */
  public int exitCode() {
    return exitCode;
  }

  public String output() {
    return output;
  }
}
