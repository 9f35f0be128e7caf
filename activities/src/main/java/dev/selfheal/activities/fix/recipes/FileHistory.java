package dev.selfheal.activities.fix.recipes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Earlier committed versions of one file, read from the worktree's git history. */
public final class FileHistory {
  /** Versions looked at: a recipe wants the recent past, not an archaeology of the file. */
  static final int MAX_VERSIONS = 50;

  /** One committed version; {@code text} is null when the commit deleted the file. */
  public record Version(String commit, String subject, String text) {}

  private FileHistory() {}

  /** The commits that changed {@code path}, newest first, each with the file as that commit left it. */
  public static List<Version> of(RepoFiles files, String path) throws IOException {
    List<Version> versions = new ArrayList<>();
    try (Git git = Git.open(files.worktree().toFile())) {
      Repository repo = git.getRepository();
      if (repo.resolve("HEAD") == null) {
        return versions;
      }
      for (RevCommit commit : git.log().addPath(path).setMaxCount(MAX_VERSIONS).call()) {
        versions.add(new Version(commit.getName(), commit.getShortMessage(), textAt(repo, commit, path)));
      }
    } catch (GitAPIException e) {
      throw new IOException("cannot read the history of " + path + ": " + e.getMessage(), e);
    }
    return versions;
  }

  /** The file's text in {@code commit}, or null when the commit has no such file. */
  public static String textAt(Repository repo, RevCommit commit, String path) throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(repo, path, commit.getTree())) {
      if (walk == null) {
        return null;
      }
      ObjectId blob = walk.getObjectId(0);
      return new String(repo.open(blob).getBytes(), StandardCharsets.UTF_8);
    }
  }
}
