package dev.selfheal.workflows.messages.values;

/** One verification probe: the health check and a re-run of the job that failed. */
public record VerifyResult(boolean healthy, boolean jobOk, String detail) {
  public boolean passed() {
    return healthy && jobOk;
  }
}
