package dev.selfheal.starter.eval;

import dev.selfheal.activities.fix.FixDiff;
import dev.selfheal.activities.fix.FixRecipe;
import dev.selfheal.activities.fix.RecipeRefusedException;
import dev.selfheal.activities.fix.RecipeRegistry;
import dev.selfheal.workflows.messages.values.Diagnosis;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Repairs one case the way an incident is repaired, without Temporal, and checks the repair:
 *
 * <ol>
 *   <li>the case's {@code repo/} becomes a scratch git repository (one initial commit);
 *   <li>the case is diagnosed as {@code eval} diagnoses it, and the diagnosis's recipe is applied
 *       in a clone and committed;
 *   <li>the patch guard judges the commit;
 *   <li>the recipe's regression test must fail on the pre-fix tree (having compiled and run) and
 *       pass on the fixed one, and the repository's whole suite must pass on the fixed one.
 * </ol>
 *
 * Never throws: whatever stops a repair is its verdict. The scratch folder is deleted after.
 */
final class CaseRepair {
  static final Duration TEST_TIMEOUT = Duration.ofMinutes(10);
  private static final PersonIdent SELFHEAL = new PersonIdent("selfheal eval", "eval@selfheal.invalid");

  private final CaseEvaluator evaluator;
  private final RecipeRegistry recipes;
  private final RepairGuard guard;
  private final PrintStream progress;

  CaseRepair(CaseEvaluator evaluator, RecipeRegistry recipes, RepairGuard guard, PrintStream progress) {
    this.evaluator = evaluator;
    this.recipes = recipes;
    this.guard = guard;
    this.progress = progress;
  }

  static boolean hasRepo(Path caseDir) {
    return Files.isDirectory(caseDir.resolve("repo"));
  }

  RepairOutcome repair(Path caseDir) {
    String id = caseDir.getFileName().toString();
    long started = System.nanoTime();
    Path scratch = null;
    String recipeId = "-";
    try {
      scratch = Files.createTempDirectory("selfheal-repair-" + id + "-");
      EvalCase c = EvalCase.load(caseDir);
      RepoTests tests = RepoTests.detect(caseDir, caseDir.resolve("repo"));
      Path base = scratch.resolve("base");
      RevCommit initial = initialCommit(caseDir.resolve("repo"), base);

      step(id, "diagnosing");
      Diagnosis diagnosis = evaluator.diagnose(c).diagnosis();
      if (diagnosis == null) {
        return RepairOutcome.stopped(id, recipeId, "no diagnosis", millis(started));
      }
      FixRecipe recipe;
      try {
        recipe = recipes.select(diagnosis);
      } catch (ApplicationFailure e) {
        return RepairOutcome.stopped(id, recipeId, "no recipe: " + e.getOriginalMessage(), millis(started));
      }
      recipeId = recipe.id();

      step(id, "applying " + recipeId);
      Path fix = scratch.resolve("fix");
      clone(base, fix);
      List<String> changed;
      try {
        changed = recipe.apply(fix, diagnosis);
      } catch (RecipeRefusedException e) {
        return RepairOutcome.stopped(id, recipeId, "recipe refused: " + e.getMessage(), millis(started));
      }
      FixDiff diff;
      try (Git git = Git.open(fix.toFile())) {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        RevCommit fixed = git.commit().setMessage("selfheal: " + recipeId).setAuthor(SELFHEAL).setCommitter(SELFHEAL).call();
        diff = FixDiff.between(git.getRepository(), initial, fixed);
      }
      if (diff.files().isEmpty()) {
        return RepairOutcome.stopped(id, recipeId, "the recipe changed nothing", millis(started));
      }

      // PATCH GUARD: the single place where the guard's verdict on the patch is taken; a refusal is counted
      Optional<String> refusal = guard.refusal(diff, fix);
      if (refusal.isPresent()) {
        return new RepairOutcome(id, recipeId, "-", "-", "guard refused: " + refusal.get(), false, true, millis(started));
      }

      String testPath = regressionTest(base, changed);
      if (testPath == null) {
        return RepairOutcome.stopped(id, recipeId, "the recipe wrote no regression test (changed: " + changed + ")", millis(started));
      }
      Path red = scratch.resolve("red");
      clone(base, red);
      Files.createDirectories(red.resolve(testPath).getParent());
      Files.copy(fix.resolve(testPath), red.resolve(testPath));
      tests.prepare(red);
      tests.prepare(fix);

      step(id, "regression test " + testPath + " on the pre-fix tree");
      ProcessRun before = ProcessRun.of(tests.single(red, testPath), red, TEST_TIMEOUT);
      if (before.passed()) {
        return new RepairOutcome(id, recipeId, "green→?", "-", "the regression test passes without the fix", false, false, millis(started));
      }
      if (before.timedOut() || !RepoTests.testsRanAndFailed(before)) {
        return new RepairOutcome(id, recipeId, "broken→?", "-", "the regression test did not run on the pre-fix tree: "
            + lastLines(before.output()), false, false, millis(started));
      }
      step(id, "regression test on the fixed tree");
      ProcessRun after = ProcessRun.of(tests.single(fix, testPath), fix, TEST_TIMEOUT);
      String redGreen = "red→" + (after.passed() ? "green" : "red");
      if (!after.passed()) {
        return new RepairOutcome(id, recipeId, redGreen, "-", "the regression test fails after the fix: "
            + lastLines(after.output()), false, false, millis(started));
      }
      step(id, "full tests: " + String.join(" ", tests.full()));
      ProcessRun full = ProcessRun.of(tests.full(), fix, TEST_TIMEOUT);
      String fullTests = full.passed() ? "pass" : full.timedOut() ? "timeout" : "fail";
      return new RepairOutcome(id, recipeId, redGreen, fullTests,
          full.passed() ? "repaired" : "the full test suite fails after the fix: " + lastLines(full.output()),
          full.passed(), false, millis(started));
    } catch (InvalidCaseException e) {
      return RepairOutcome.stopped(id, recipeId, "invalid case: " + e.getMessage(), millis(started));
    } catch (IOException | GitAPIException | RuntimeException e) {
      // one case's trouble must not end the evaluation of the others
      return RepairOutcome.stopped(id, recipeId, "error: " + e, millis(started));
    } finally {
      if (scratch != null) {
        delete(scratch);
      }
    }
  }

  private void step(String id, String what) {
    progress.printf("repair %s: %s%n", id, what);
  }

  /** The repo copied to {@code base} and committed as it is. */
  private static RevCommit initialCommit(Path repo, Path base) throws IOException, GitAPIException {
    copyTree(repo, base);
    try (Git git = Git.init().setDirectory(base.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      return git.commit().setMessage("case repository").setAuthor(SELFHEAL).setCommitter(SELFHEAL).call();
    }
  }

  private static void clone(Path base, Path into) throws GitAPIException {
    Git.cloneRepository().setURI(base.toUri().toString()).setDirectory(into.toFile()).call().close();
  }

  /** The one file the recipe created that is a test; null when there is none or more than one. */
  static String regressionTest(Path base, List<String> changed) {
    List<String> created = changed.stream()
        .filter(p -> !Files.exists(base.resolve(p)))
        .filter(p -> p.contains("src/test/") || p.startsWith("tests/") || p.contains("/tests/")
            || p.substring(p.lastIndexOf('/') + 1).startsWith("test_"))
        .toList();
    return created.size() == 1 ? created.get(0) : null;
  }

  /** Copies regular files and folders; the copies are writable whatever the source's modes. */
  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (Files.isRegularFile(p)) {
          Files.copy(p, target);
          target.toFile().setWritable(true, true);
        }
      }
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("selfheal eval: cannot delete scratch folder " + dir + ": " + e.getMessage());
    }
  }

  private static String lastLines(String output) {
    List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).strip();
  }

  private static long millis(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
