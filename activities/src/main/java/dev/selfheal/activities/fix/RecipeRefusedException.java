package dev.selfheal.activities.fix;

/**
 * A recipe cannot apply to this repository or root cause. Retrying would refuse again, so the
 * fix activity turns it into a non-retryable {@code PATCH_REFUSED}.
 */
public class RecipeRefusedException extends RuntimeException {
  public RecipeRefusedException(String message) {
    super(message);
  }
}
