package dev.selfheal.activities.fix.llm;

import dev.selfheal.activities.Heartbeats;
import dev.selfheal.activities.diagnosis.llm.LlmAnswer;
import dev.selfheal.activities.diagnosis.llm.LlmException;
import dev.selfheal.activities.diagnosis.llm.LlmPrompt;
import dev.selfheal.activities.diagnosis.llm.LlmProvider;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the model on a helper thread while the activity thread heartbeats: one model request can
 * take longer than the fix activity's heartbeat timeout, and only a heartbeat brings cancellation.
 */
final class HeartbeatingCall {
  static final long HEARTBEAT_EVERY_MS = 5_000;

  private static final ExecutorService CALLS = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "selfheal-llm-edit");
    thread.setDaemon(true);
    return thread;
  });

  private HeartbeatingCall() {}

  /**
   * @throws LlmException as the provider threw it
   * @throws EditRejected when the provider failed in a way it should not (a bug, not an answer)
   * @throws IllegalStateException when the activity thread is interrupted
   */
  static LlmAnswer complete(LlmProvider provider, LlmPrompt prompt) throws LlmException, EditRejected {
    CompletableFuture<LlmAnswer> call = new CompletableFuture<>();
    CALLS.execute(() -> {
      try {
        call.complete(provider.complete(prompt));
      } catch (Throwable e) {
        call.completeExceptionally(e);
      }
    });
    long start = System.nanoTime();
    try {
      while (true) {
        try {
          return call.get(HEARTBEAT_EVERY_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillWaiting) {
          // a cancelled or timed-out activity throws here, and the request is abandoned below
          Heartbeats.beat("asking the LLM for edits: " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) + " s");
        }
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof LlmException llm) {
        throw llm;
      }
      throw EditRejected.refused("the LLM provider failed: " + cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // the worker is stopping: not the model's failure, so the activity is retried, not escalated
      throw new IllegalStateException("interrupted while waiting for the LLM", e);
    } finally {
      call.cancel(true);
    }
  }
}
