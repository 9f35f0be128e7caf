package dev.selfheal.activities.fix.guard;

import dev.selfheal.activities.Glob;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a patch may be committed, before it is. Fixed rules hold for every service:
 * no git internals, secrets, selfheal config or CI config; no binary files; no test settings in
 * build files; no deleted, weakened or changed tests; no edited migrations. The service's {@link GuardPolicy} adds the paths it
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

  /** A modified test file whose lines change (not only new ones added): the test it was is gone. */
  private static Optional<Refusal> changedTestCode(FileChange change) {
    if (change.oldPath() == null || change.newPath() == null || !TestFiles.isTest(change.oldPath())
        || change.removed().stream().allMatch(String::isBlank)) {
      return Optional.empty();
    }
    return Optional.of(new Refusal(GuardRule.TEST_CODE_CHANGED, change.removed().size() + " existing line(s) changed"));
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
    if (change.oldPath() != null && Migrations.isMigration(change.oldPath())) {
      return Optional.of(new Refusal(GuardRule.MIGRATION_CHANGED, change.type().name().toLowerCase(java.util.Locale.ROOT)));
    }
    return BuildTestSettings.check(change).map(detail -> new Refusal(GuardRule.BUILD_TEST_SETTINGS, detail))
        .or(() -> TestWeakening.weakening(change).map(detail -> new Refusal(GuardRule.TESTS_WEAKENED, detail)))
        .or(() -> changedTestCode(change))
        .or(() -> TestWeakening.skipMarker(change).map(detail -> new Refusal(GuardRule.TESTS_WEAKENED, detail)))
        .or(() -> SecretPatterns.find(change).map(detail -> new Refusal(GuardRule.SECRETS, detail)));
  }
}
