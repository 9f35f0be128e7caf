package dev.selfheal.starter.eval;

import dev.selfheal.activities.fix.FixDiff;
import dev.selfheal.activities.fix.guard.ChangeReader;
import dev.selfheal.activities.fix.guard.GuardVerdict;
import dev.selfheal.activities.fix.guard.PatchGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * The patch guard's verdict on a recipe's commit, taken at one place in {@link CaseRepair}: a
 * refusal stops the repair and is counted in {@code guard_refusals}.
 */
@FunctionalInterface
interface RepairGuard {
  /** @return why the patch is refused, or empty when it may go on to the tests */
  Optional<String> refusal(FixDiff diff, Path worktree);

  /** The guard a worker runs before committing, judging the fix commit against its parent. */
  static RepairGuard of(PatchGuard guard) {
    return (diff, worktree) -> {
      try (Git git = Git.open(worktree.toFile())) {
        Repository repo = git.getRepository();
        ObjectId fixed = repo.resolve("HEAD");
        ObjectId base = repo.resolve("HEAD~1");
        GuardVerdict verdict = guard.check(ChangeReader.between(repo, base, fixed));
        return verdict.allowed() ? Optional.empty() : Optional.of(verdict.message());
      } catch (IOException e) {
        throw new UncheckedIOException("patch guard could not read " + worktree, e);
      }
    };
  }
}
