package dev.selfheal.activities.git;

/**
 * A git step that failed for a reason a retry may cure (I/O, a push that lost a race). Unchecked
 * so activities can throw it; Temporal retries it as an ordinary failure.
 */
public class GitStepException extends RuntimeException {
  public GitStepException(String message, Throwable cause) {
    super(message, cause);
  }
}
