package dev.selfheal.activities.fix.llm;

import dev.selfheal.activities.fix.FixRecipe;
import dev.selfheal.activities.git.SelfhealCommits;
import dev.selfheal.workflows.messages.values.Diagnosis;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The LLM edit as the fix stage's recipe for one fix, so it gets the same reset, patch guard,
 * commit and idempotency as a known recipe. Made per fix: it remembers which model answered.
 */
public final class LlmEditRecipe implements FixRecipe {
  private final LlmEditor editor;
  private final String whyNoRecipe;
  private LlmEdit applied;

  LlmEditRecipe(LlmEditor editor, String whyNoRecipe) {
    this.editor = editor;
    this.whyNoRecipe = whyNoRecipe;
  }

  @Override
  public String id() {
    return LlmEditor.RECIPE_ID;
  }

  /** Chosen only when no recipe applies; whether the model can fix it shows when it is asked. */
  @Override
  public boolean applies(Diagnosis diagnosis) {
    return true;
  }

  @Override
  public List<String> apply(Path worktree, Diagnosis diagnosis) throws IOException {
    applied = editor.edit(worktree, diagnosis, whyNoRecipe);
    return applied.changedFiles();
  }

  /** The model that wrote the fix, once applied. */
  @Override
  public Map<String, String> trailers() {
    return applied == null ? Map.of() : Map.of(SelfhealCommits.MODEL_TRAILER, applied.model());
  }
}
