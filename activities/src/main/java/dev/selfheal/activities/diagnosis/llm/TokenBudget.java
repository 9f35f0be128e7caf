package dev.selfheal.activities.diagnosis.llm;

/**
 * Tokens one call site may still spend: a diagnosis holds one per incident, so retries and
 * corrections share it and a chatty model cannot run up an open-ended bill.
 */
public final class TokenBudget {
  private final long limit;
  private long spent;

  public TokenBudget(long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("a token budget must be positive, was " + limit);
    }
    this.limit = limit;
  }

  /** Whether a request estimated at {@code tokens} fits in what is left. */
  public synchronized boolean allows(long tokens) {
    return tokens <= remaining();
  }

  public synchronized void spend(long tokens) {
    spent += tokens;
  }

  public synchronized long remaining() {
    return Math.max(0, limit - spent);
  }
}
