package dev.selfheal.activities.ci;

import dev.selfheal.activities.fix.guard.ChangeReader;
import dev.selfheal.activities.fix.guard.FileChange;
import dev.selfheal.activities.fix.guard.TestFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.diff.DiffEntry.ChangeType;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The tree before the fix with the fix's new test files in it: where a regression test must fail.
 * Written from git objects into a folder of its own, so the incident's worktree is never touched
 * and a retry starts from a clean copy.
 */
final class PreFixTree {
  /** Folders whose new files belong to the tests: their resources and fixtures come along. */
  private static final List<String> TEST_FOLDERS = List.of("src/test/", "test/", "tests/", "__tests__/", "spec/");

  private PreFixTree() {}

  /** The files the fix added that are tests or live with them; repo-relative. */
  static List<String> addedTestFiles(Repository repo, ObjectId base, ObjectId fix) throws IOException {
    List<String> added = new ArrayList<>();
    for (FileChange change : ChangeReader.between(repo, base, fix)) {
      String path = change.newPath();
      if (change.type() == ChangeType.ADD && (TestFiles.isTest(path) || inTestFolder(path))) {
        added.add(path);
      }
    }
    return added;
  }

  /** Writes {@code base}'s tree plus {@code extra} files as they are in {@code fix} into {@code dir}. */
  static void write(Repository repo, ObjectId base, ObjectId fix, List<String> extra, Path dir) throws IOException {
    deleteRecursively(dir);
    Files.createDirectories(dir);
    try (RevWalk walk = new RevWalk(repo)) {
      exportTree(repo, walk.parseCommit(base), dir, null);
      exportTree(repo, walk.parseCommit(fix), dir, extra);
    }
  }

  private static void exportTree(Repository repo, RevCommit commit, Path dir, List<String> only) throws IOException {
    try (TreeWalk tree = new TreeWalk(repo)) {
      tree.addTree(commit.getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        String path = tree.getPathString();
        FileMode mode = tree.getFileMode(0);
        if ((only != null && !only.contains(path)) || mode == FileMode.GITLINK || mode == FileMode.SYMLINK) {
          continue;
        }
        Path target = dir.resolve(path).normalize();
        if (!target.startsWith(dir)) {
          throw new IOException("tree entry " + path + " leaves the folder it is written into");
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = repo.open(tree.getObjectId(0)).openStream()) {
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        if (mode == FileMode.EXECUTABLE_FILE) {
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
    }
  }

  private static boolean inTestFolder(String path) {
    return TEST_FOLDERS.stream().anyMatch(folder -> path.startsWith(folder) || path.contains("/" + folder));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
