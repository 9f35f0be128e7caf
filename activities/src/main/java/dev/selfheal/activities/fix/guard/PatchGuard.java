package dev.selfheal.activities.fix.guard;

import dev.selfheal.activities.Glob;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a patch may be committed, before it is. Fixed rules hold for every service:
 * no git internals, secrets, selfheal config or CI config; no binary files; no test settings in
 * build files; no deleted or weakened tests. The service's {@link GuardPolicy} adds the paths it
 * allows and the size a patch may have. Files are checked in path order and the first rule that
 * objects names itself, so the same patch is always refused the same way.
 */
public final class PatchGuard {
  private final GuardPolicy policy;
  private final List<Glob> allowed;

  public PatchGuard(GuardPolicy policy) {
    this.policy = policy;
    this.allowed = policy.allowedPaths().stream().map(Glob::of).toList();
  }

  public GuardVerdict check(List<FileChange> changes) {
    Risk risk = RiskClassifier.classify(changes);
    for (FileChange change : changes) {
      Optional<Refusal> refusal = checkFile(change);
      if (refusal.isPresent()) {
        return GuardVerdict.refuse(refusal.get().rule(), change.path(), refusal.get().detail(), risk);
      }
    }
    int lines = changes.stream().mapToInt(FileChange::changedLines).sum();
    if (changes.size() > policy.maxFiles()) {
      return GuardVerdict.refuse(GuardRule.TOO_LARGE, "the patch",
          changes.size() + " files, at most " + policy.maxFiles() + " allowed", risk);
    }
    if (lines > policy.maxChangedLines()) {
      return GuardVerdict.refuse(GuardRule.TOO_LARGE, "the patch",
          lines + " changed lines, at most " + policy.maxChangedLines() + " allowed", risk);
    }
    return GuardVerdict.allow(risk);
  }

  private Optional<Refusal> checkFile(FileChange change) {
    for (String path : change.paths()) {
      Optional<Refusal> forbidden = ForbiddenPaths.check(path);
      if (forbidden.isPresent()) {
        return forbidden;
      }
    }
    Optional<Refusal> mode = ForbiddenPaths.checkMode(change);
    if (mode.isPresent()) {
      return mode;
    }
    for (String path : change.paths()) {
      if (allowed.stream().noneMatch(glob -> glob.matches(path))) {
        return Optional.of(new Refusal(GuardRule.ALLOWED_PATHS, path + " matches none of " + policy.allowedPaths()));
      }
    }
    if (change.binary()) {
      return Optional.of(new Refusal(GuardRule.BINARY, "binary content cannot be reviewed as a diff"));
    }
    if (change.oversized()) {
      return Optional.of(new Refusal(GuardRule.TOO_LARGE, "a side is over " + ChangeReader.MAX_BLOB_BYTES + " bytes"));
    }
    return BuildTestSettings.check(change).map(detail -> new Refusal(GuardRule.BUILD_TEST_SETTINGS, detail))
        .or(() -> TestWeakening.weakening(change).map(detail -> new Refusal(GuardRule.TESTS_WEAKENED, detail)))
        .or(() -> TestWeakening.skipMarker(change).map(detail -> new Refusal(GuardRule.TESTS_WEAKENED, detail)))
        .or(() -> SecretPatterns.find(change).map(detail -> new Refusal(GuardRule.SECRETS, detail)));
  }
}
