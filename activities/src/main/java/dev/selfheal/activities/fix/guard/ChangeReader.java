package dev.selfheal.activities.fix.guard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffEntry.ChangeType;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * Reads a patch out of git for the guard: the staged change (index against HEAD) before it is
 * committed, or the change between two commits. Renames are detected, so moving a test away is
 * seen as a rename of a test file and not as an unrelated add.
 */
public final class ChangeReader {
  /** Larger blobs are not read into memory; the guard refuses them unread. */
  static final long MAX_BLOB_BYTES = 1 << 20;

  private ChangeReader() {}

  /** What {@code git commit} would record now: the index against HEAD. */
  public static List<FileChange> staged(Repository repo) throws IOException {
    ObjectId head = repo.resolve(Constants.HEAD);
    try (ObjectReader reader = repo.newObjectReader()) {
      AbstractTreeIterator old = head == null ? new EmptyTreeIterator() : tree(repo, reader, head);
      return read(repo, reader, old, new DirCacheIterator(repo.readDirCache()));
    }
  }

  /** The change {@code base..commit}. */
  public static List<FileChange> between(Repository repo, AnyObjectId base, AnyObjectId commit) throws IOException {
    try (ObjectReader reader = repo.newObjectReader()) {
      return read(repo, reader, tree(repo, reader, base), tree(repo, reader, commit));
    }
  }

  private static CanonicalTreeParser tree(Repository repo, ObjectReader reader, AnyObjectId commit) throws IOException {
    try (RevWalk walk = new RevWalk(reader)) {
      CanonicalTreeParser parser = new CanonicalTreeParser();
      parser.reset(reader, walk.parseCommit(commit).getTree());
      return parser;
    }
  }

  private static List<FileChange> read(
      Repository repo, ObjectReader reader, AbstractTreeIterator oldTree, AbstractTreeIterator newTree) throws IOException {
    List<DiffEntry> entries;
    try (DiffFormatter formatter = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
      formatter.setRepository(repo);
      formatter.setDetectRenames(true);
      entries = formatter.scan(oldTree, newTree);
    }
    List<FileChange> changes = new ArrayList<>();
    for (DiffEntry entry : entries) {
      changes.add(change(reader, entry));
    }
    changes.sort(Comparator.comparing(FileChange::path));
    return changes;
  }

  private static FileChange change(ObjectReader reader, DiffEntry entry) throws IOException {
    ChangeType type = entry.getChangeType();
    String oldPath = type == ChangeType.ADD ? null : entry.getOldPath();
    String newPath = type == ChangeType.DELETE ? null : entry.getNewPath();
    Content before = content(reader, entry.getOldMode(), entry.getOldId());
    Content after = content(reader, entry.getNewMode(), entry.getNewId());
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    boolean binary = before.binary || after.binary;
    boolean oversized = before.oversized || after.oversized;
    if (!binary && !oversized) {
      RawText a = new RawText(before.bytes);
      RawText b = new RawText(after.bytes);
      for (Edit edit : DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
          .diff(RawTextComparator.DEFAULT, a, b)) {
        for (int i = edit.getBeginA(); i < edit.getEndA(); i++) {
          removed.add(a.getString(i));
        }
        for (int i = edit.getBeginB(); i < edit.getEndB(); i++) {
          added.add(b.getString(i));
        }
      }
    }
    return new FileChange(
        type, oldPath, newPath, entry.getOldMode(), entry.getNewMode(), binary, oversized, added, removed);
  }

  private record Content(byte[] bytes, boolean binary, boolean oversized) {}

  private static Content content(ObjectReader reader, FileMode mode, AbbreviatedObjectId id) throws IOException {
    // a gitlink names a commit of another repository, not a blob; a missing side is empty
    if (id == null || id.toObjectId().equals(ObjectId.zeroId()) || mode == FileMode.GITLINK || mode == FileMode.MISSING) {
      return new Content(new byte[0], false, false);
    }
    ObjectLoader loader = reader.open(id.toObjectId(), Constants.OBJ_BLOB);
    if (loader.getSize() > MAX_BLOB_BYTES) {
      return new Content(new byte[0], false, true);
    }
    byte[] bytes = loader.getCachedBytes();
    return new Content(bytes, RawText.isBinary(bytes), false);
  }
}
