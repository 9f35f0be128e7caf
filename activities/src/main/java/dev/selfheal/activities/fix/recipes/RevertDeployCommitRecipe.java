package dev.selfheal.activities.fix.recipes;

import dev.selfheal.activities.fix.FixRecipe;
import dev.selfheal.activities.fix.RecipeRefusedException;
import dev.selfheal.activities.logs.LogRecord;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.RootCause;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * The root error began right after a deploy: the files of the deploy's commit go back to how
 * its parent had them, the effect of {@code git revert --no-commit} when no later commit touched
 * them. The commit is the one the diagnosis names ({@code (commit 9f3c2ab)} in its summary, or a
 * {@code "commit"} in its evidence); it must be in HEAD's history, have one parent, and every
 * file it changed must still be as it left it. A later edit of those files would make the revert
 * a merge, which is refused rather than guessed.
 *
 * <p>The regression test comes from the error: a boxed-number cast or a linkage error (see
 * {@link TypeErrorTests}); for anything else no test can be derived, and a revert without one is
 * refused.
 */
public final class RevertDeployCommitRecipe implements FixRecipe {
  public static final String ID = "revert-deploy-commit";
  private static final Pattern SUMMARY_COMMIT = Pattern.compile("\\(commit ([0-9a-f]{7,40})\\)");
  private static final Pattern EVIDENCE_COMMIT = Pattern.compile("\"commit\"\\s*:\\s*\"([0-9a-f]{7,40})\"");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean applies(Diagnosis diagnosis) {
    return diagnosis != null && diagnosis.rootCause() != null && commitOf(diagnosis).isPresent();
  }

  static Optional<String> commitOf(Diagnosis diagnosis) {
    if (diagnosis.summary() != null) {
      Matcher m = SUMMARY_COMMIT.matcher(diagnosis.summary());
      if (m.find()) {
        return Optional.of(m.group(1));
      }
    }
    for (String line : diagnosis.evidence() == null ? List.<String>of() : diagnosis.evidence()) {
      Matcher m = EVIDENCE_COMMIT.matcher(line);
      if (m.find()) {
        return Optional.of(m.group(1));
      }
    }
    return Optional.empty();
  }

  @Override
  public List<String> apply(Path worktree, Diagnosis diagnosis) throws IOException {
    RootCause cause = diagnosis.rootCause();
    String named = commitOf(diagnosis)
        .orElseThrow(() -> new RecipeRefusedException("the diagnosis names no deploy commit (expected \"(commit <sha>)\" in its summary)"));
    RepoFiles files = RepoFiles.of(worktree);
    String test;
    String testPath;
    List<Change> changes = new ArrayList<>();
    try (Git git = Git.open(worktree.toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
      Repository repo = git.getRepository();
      ObjectId id = repo.resolve(named + "^{commit}");
      ObjectId head = repo.resolve("HEAD");
      if (id == null || head == null) {
        throw new RecipeRefusedException("commit " + named + " is not in this repository");
      }
      RevCommit commit = walk.parseCommit(id);
      if (!walk.isMergedInto(commit, walk.parseCommit(head))) {
        throw new RecipeRefusedException("commit " + named + " is not in the history of HEAD; the deployed code is not this branch");
      }
      if (commit.getParentCount() != 1) {
        throw new RecipeRefusedException("commit " + named + " has " + commit.getParentCount() + " parents; only a single-parent commit is reverted");
      }
      RevCommit parent = walk.parseCommit(commit.getParent(0));
      List<DiffEntry> diff;
      try (var reader = repo.newObjectReader()) {
        CanonicalTreeParser before = new CanonicalTreeParser(null, reader, parent.getTree());
        CanonicalTreeParser after = new CanonicalTreeParser(null, reader, commit.getTree());
        diff = git.diff().setOldTree(before).setNewTree(after).call();
      } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
        throw new IOException("cannot diff " + named + ": " + e.getMessage(), e);
      }
      for (DiffEntry entry : diff) {
        String path = entry.getChangeType() == DiffEntry.ChangeType.DELETE ? entry.getOldPath() : entry.getNewPath();
        if (entry.getChangeType() == DiffEntry.ChangeType.RENAME || entry.getChangeType() == DiffEntry.ChangeType.COPY) {
          throw new RecipeRefusedException("commit " + named + " renames or copies " + path + "; not reverted textually");
        }
        String left = FileHistory.textAt(repo, commit, path);
        Path file = worktree.resolve(path);
        String now = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        if (!java.util.Objects.equals(left, now)) {
          throw new RecipeRefusedException(path + " changed after " + named + "; reverting the deploy would need a merge");
        }
        changes.add(new Change(path, FileHistory.textAt(repo, parent, path)));
      }
      if (changes.isEmpty()) {
        throw new RecipeRefusedException("commit " + named + " changes no file");
      }
      String[] regression = regressionTest(files, cause);
      testPath = regression[0];
      test = regression[1];
    }
    List<String> changed = new ArrayList<>();
    for (Change c : changes) {
      Path file = worktree.resolve(c.path());
      if (c.text() == null) {
        Files.delete(file);
      } else {
        Files.createDirectories(file.getParent());
        Files.writeString(file, c.text(), StandardCharsets.UTF_8);
      }
      changed.add(c.path());
    }
    files.create(testPath, test);
    changed.add(testPath);
    return changed;
  }

  /** A file as the deploy's parent had it; null when the deploy added it. */
  private record Change(String path, String text) {}

  /** {path, source} of the test; refused when the error gives nothing to test. */
  private static String[] regressionTest(RepoFiles files, RootCause cause) throws IOException {
    Optional<String[]> cast = TypeErrorTests.boxedCast(cause.message());
    if (cast.isPresent() && cause.file() != null && cause.line() != null) {
      String path = files.resolve(cause.file());
      String source = files.read(path);
      int start = JavaBlocks.lineStart(source, cause.line());
      JavaBlocks.Method method = JavaBlocks.enclosingMethod(source, Math.max(0, start))
          .orElseThrow(() -> new RecipeRefusedException(path + ":" + cause.line() + " is in no method a test could call"));
      String pkg = RepoFiles.javaPackage(source);
      String className = path.substring(path.lastIndexOf('/') + 1, path.length() - 5);
      String testDir = RepoFiles.javaTestDir(path, pkg);
      return new String[] {testDir + className + "NumberCastRegressionTest.java",
          TypeErrorTests.boxedCastTest(JUnitStyle.detect(files, testDir), ID, pkg, className, source, method, cast.get()[0], cast.get()[1])};
    }
    if (TypeErrorTests.isLinkage(cause.message())) {
      String linked = TypeErrorTests.linkedClass(cause.message()).orElseThrow();
      String simple = linked.substring(linked.lastIndexOf('.') + 1).replace('$', '_');
      String pkg = "";
      String testDir = "src/test/java/";
      if (cause.file() != null && cause.file().endsWith(".java")) {
        String path = files.resolve(cause.file());
        pkg = RepoFiles.javaPackage(files.read(path));
        testDir = RepoFiles.javaTestDir(path, pkg);
      }
      return new String[] {testDir + simple + "LinkageRegressionTest.java",
          TypeErrorTests.linkageTest(JUnitStyle.detect(files, testDir), ID, pkg, simple + "LinkageRegressionTest", cause.message())};
    }
    throw new RecipeRefusedException("no regression test can be derived from " + LogRecord.simpleName(cause.errorType())
        + " (" + cause.message() + "); a revert without one is not offered");
  }
}
