package dev.selfheal.starter.eval;

import dev.selfheal.activities.fix.FixDiff;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The patch guard's verdict on a recipe's commit, taken at one place in {@link CaseRepair}: a
 * refusal stops the repair and is counted in {@code guard_refusals}. Until the guard
 * ({@code activities/.../fix/guard/PatchGuard}) is wired in, {@link #NONE} accepts every patch.
 */
@FunctionalInterface
interface RepairGuard {
  RepairGuard NONE = (diff, worktree) -> Optional.empty();

  /** @return why the patch is refused, or empty when it may go on to the tests */
  Optional<String> refusal(FixDiff diff, Path worktree);
}
