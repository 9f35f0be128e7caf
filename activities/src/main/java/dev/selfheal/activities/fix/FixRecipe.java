package dev.selfheal.activities.fix;

import dev.selfheal.workflows.messages.values.Diagnosis;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One known, mechanical repair for a kind of root cause. A recipe edits files in the worktree
 * and nothing else: staging, committing and the diff are the caller's job, so every recipe gets
 * the same idempotency and audit trail.
 */
public interface FixRecipe {
  /** The id a diagnosis names in {@code recipeId}. */
  String id();

  /** A cheap check that the diagnosis is the kind of root cause this recipe is for. */
  boolean applies(Diagnosis diagnosis);

  /**
   * Applies the repair to the checked-out tree at {@code worktree}.
   *
   * @return the repo-relative paths it created, changed or deleted
   * @throws RecipeRefusedException when the repository does not look the way the recipe needs;
   *     the message says what was expected and what was found
   * @throws IOException when the files cannot be read or written
   */
  List<String> apply(Path worktree, Diagnosis diagnosis) throws IOException;

  /** Commit trailers beyond incident and recipe that record where the change came from, known after {@link #apply}. */
  default Map<String, String> trailers() {
    return Map.of();
  }
}
