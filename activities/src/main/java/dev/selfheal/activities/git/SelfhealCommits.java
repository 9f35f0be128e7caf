package dev.selfheal.activities.git;

import java.io.IOException;
import java.util.Optional;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * What selfheal's commits have in common: the identity they are made by and the trailers that
 * make every git side effect findable again, which is how retries stay idempotent.
 */
public final class SelfhealCommits {
  /** On the fix commit, the merge commit and the revert commit. */
  public static final String INCIDENT_TRAILER = "Selfheal-Incident";
  /** On the fix commit: the recipe that produced it. */
  public static final String RECIPE_TRAILER = "Selfheal-Recipe";
  /** On a fix commit a model wrote: the model the server says answered. */
  public static final String MODEL_TRAILER = "Selfheal-Model";
  /** On the revert commit: the merge commit it reverts. */
  public static final String REVERT_TRAILER = "Selfheal-Revert";

  /**
   * How far back a first-parent search for an earlier merge or revert goes. The commit we look
   * for is recent (made by this incident); the cap only bounds the cost on a huge history.
   */
  static final int FIRST_PARENT_SEARCH_LIMIT = 10_000;

  private SelfhealCommits() {}

  /** Author and committer of everything selfheal commits; a fresh timestamp each call. */
  public static PersonIdent ident() {
    return new PersonIdent("selfheal", "selfheal@localhost");
  }

  public static boolean hasTrailer(RevCommit commit, String key, String value) {
    return commit.getFooterLines(key).stream().anyMatch(v -> v.trim().equals(value));
  }

  public static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }

  /**
   * Walks the first-parent chain from {@code head} (the history of the branch itself, not of
   * what was merged into it) and returns the first commit carrying {@code key: value}.
   *
   * @param mergesOnly only merge commits count (a revert carries the incident trailer too)
   */
  public static Optional<RevCommit> findOnFirstParents(
      Repository repo, AnyObjectId head, String key, String value, boolean mergesOnly) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit commit = walk.parseCommit(head);
      for (int i = 0; commit != null && i < FIRST_PARENT_SEARCH_LIMIT; i++) {
        if ((!mergesOnly || commit.getParentCount() > 1) && hasTrailer(commit, key, value)) {
          return Optional.of(commit);
        }
        commit = commit.getParentCount() == 0 ? null : walk.parseCommit(commit.getParent(0));
      }
      return Optional.empty();
    }
  }
}
