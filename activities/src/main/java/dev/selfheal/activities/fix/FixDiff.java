package dev.selfheal.activities.fix;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The unified diff base..commit that an approver approves by its SHA-256. It must come out byte
 * for byte the same on every computation, on any host: so every formatter setting that repository
 * or user config could change is pinned (rename detection off, algorithm, prefixes, full object
 * ids rather than abbreviations that grow as the repository does).
 *
 * @param files repo-relative paths the diff touches, sorted
 */
public record FixDiff(byte[] bytes, String sha256, String stat, List<String> files) {

  public static FixDiff between(Repository repo, AnyObjectId base, AnyObjectId commit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int insertions = 0;
    int deletions = 0;
    TreeSet<String> files = new TreeSet<>();
    int entries;
    try (RevWalk walk = new RevWalk(repo); DiffFormatter formatter = new DiffFormatter(out)) {
      formatter.setRepository(repo);
      formatter.setDetectRenames(false);
      formatter.setDiffAlgorithm(DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM));
      formatter.setDiffComparator(RawTextComparator.DEFAULT);
      formatter.setAbbreviationLength(Constants.OBJECT_ID_STRING_LENGTH);
      formatter.setContext(3);
      formatter.setOldPrefix("a/");
      formatter.setNewPrefix("b/");
      formatter.setQuotePaths(true);
      List<DiffEntry> diff = formatter.scan(walk.parseCommit(base).getTree(), walk.parseCommit(commit).getTree());
      entries = diff.size();
      formatter.format(diff);
      formatter.flush();
      for (DiffEntry entry : diff) {
        files.add(entry.getChangeType() == DiffEntry.ChangeType.DELETE ? entry.getOldPath() : entry.getNewPath());
        for (Edit edit : formatter.toFileHeader(entry).toEditList()) {
          insertions += edit.getEndB() - edit.getBeginB();
          deletions += edit.getEndA() - edit.getBeginA();
        }
      }
    }
    byte[] bytes = out.toByteArray();
    return new FixDiff(bytes, sha256(bytes), stat(entries, insertions, deletions), List.copyOf(files));
  }

  /** Worded as {@code git diff --shortstat} words it. */
  static String stat(int files, int insertions, int deletions) {
    StringBuilder s = new StringBuilder();
    s.append(files).append(files == 1 ? " file changed" : " files changed");
    if (insertions > 0 || deletions == 0) {
      s.append(", ").append(insertions).append(insertions == 1 ? " insertion(+)" : " insertions(+)");
    }
    if (deletions > 0 || insertions == 0) {
      s.append(", ").append(deletions).append(deletions == 1 ? " deletion(-)" : " deletions(-)");
    }
    return s.toString();
  }

  /** Lower-case hex SHA-256, as diff hashes and idempotency markers are written. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
