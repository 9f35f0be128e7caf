package dev.selfheal.activities.fix.guard;

import java.util.List;
import org.eclipse.jgit.diff.DiffEntry.ChangeType;
import org.eclipse.jgit.lib.FileMode;

/**
 * One file of a patch as the guard sees it.
 *
 * @param oldPath null for an added file
 * @param newPath null for a deleted file
 * @param binary either side's content is binary
 * @param oversized either side is too large to read; its lines are not listed
 * @param added the added lines' text, in order
 * @param removed the removed lines' text, in order
 */
public record FileChange(
    ChangeType type,
    String oldPath,
    String newPath,
    FileMode oldMode,
    FileMode newMode,
    boolean binary,
    boolean oversized,
    List<String> added,
    List<String> removed) {

  public FileChange {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
  }

  /** The path the change leaves behind, or the deleted one. */
  public String path() {
    return newPath != null ? newPath : oldPath;
  }

  /** Every path the change touches: both sides of a rename or copy. */
  public List<String> paths() {
    if (oldPath != null && newPath != null && !oldPath.equals(newPath)) {
      return List.of(oldPath, newPath);
    }
    return List.of(path());
  }

  public int changedLines() {
    return added.size() + removed.size();
  }
}
