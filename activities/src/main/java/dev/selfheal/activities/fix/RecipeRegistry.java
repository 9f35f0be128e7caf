package dev.selfheal.activities.fix;

import dev.selfheal.activities.Failures;
import dev.selfheal.activities.fix.recipes.CloseLeakedJdbcConnectionRecipe;
import dev.selfheal.activities.fix.recipes.RestoreConfigKeyRecipe;
import dev.selfheal.activities.fix.recipes.RevertDependencyPinRecipe;
import dev.selfheal.activities.fix.recipes.RevertDeployCommitRecipe;
import dev.selfheal.activities.fix.recipes.WidenBoxedNumberCastRecipe;
import dev.selfheal.workflows.Errors;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.RootCause;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The recipes a worker knows, by id. The diagnosis names the recipe; nothing is guessed here. */
public final class RecipeRegistry {
  private final Map<String, FixRecipe> recipes = new LinkedHashMap<>();

  public RecipeRegistry(List<FixRecipe> recipes) {
    for (FixRecipe recipe : recipes) {
      if (this.recipes.putIfAbsent(recipe.id(), recipe) != null) {
        throw new IllegalArgumentException("two recipes with id " + recipe.id());
      }
    }
  }

  /** The recipes shipped with selfheal. */
  public static RecipeRegistry builtIn() {
    return new RecipeRegistry(List.of(
        new RelocateVolatileResourceRecipe(),
        new RestoreConfigKeyRecipe(),
        new CloseLeakedJdbcConnectionRecipe(),
        new WidenBoxedNumberCastRecipe(),
        new RevertDeployCommitRecipe(),
        new RevertDependencyPinRecipe()));
  }

  public Set<String> ids() {
    return recipes.keySet();
  }

  /**
   * The recipe named by {@code diagnosis.recipeId()}, or a non-retryable {@code NO_RECIPE} when
   * the diagnosis names none, names one this worker does not know, or one that does not apply.
   */
  public FixRecipe select(Diagnosis diagnosis) {
    String id = diagnosis.recipeId();
    if (id == null || id.isBlank()) {
      throw Failures.nonRetryable(
          Errors.NO_RECIPE, "the diagnosis names no recipe (known recipes: " + String.join(", ", ids()) + ")");
    }
    FixRecipe recipe = recipes.get(id);
    if (recipe == null) {
      throw Failures.nonRetryable(
          Errors.NO_RECIPE, "recipe '" + id + "' is unknown (known recipes: " + String.join(", ", ids()) + ")");
    }
    if (!recipe.applies(diagnosis)) {
      RootCause cause = diagnosis.rootCause();
      String what =
          cause == null ? "a diagnosis without a root cause" : cause.errorType() + " at " + cause.file() + ":" + cause.line();
      throw Failures.nonRetryable(Errors.NO_RECIPE, "recipe '" + id + "' does not apply to " + what);
    }
    return recipe;
  }
}
