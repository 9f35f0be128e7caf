package dev.selfheal.worker.faults;

/** What an injected fault does once an activity's implementation has returned (its side effect done). */
public enum Fault {
  /** The JVM halts at once, like SIGKILL: the completion never reaches the server. */
  HALT_AFTER("halt-after"),
  /** The first attempt of the type in this process fails retryably: the completion is lost, the activity retried. */
  FAIL_AFTER("fail-after");

  private final String spec;

  Fault(String spec) {
    this.spec = spec;
  }

  /** As written in a fault spec, e.g. {@code halt-after}. */
  public String spec() {
    return spec;
  }
}
