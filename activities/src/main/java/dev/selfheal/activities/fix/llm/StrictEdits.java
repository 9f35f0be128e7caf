package dev.selfheal.activities.fix.llm;

import dev.selfheal.activities.fix.RecipeRefusedException;
import dev.selfheal.activities.fix.recipes.RepoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a model's edits exactly as written or not at all. Every search text must occur exactly
 * once in its file when its turn comes (edits apply in order, in memory); the regression test must
 * be a new file inside the worktree. Only when all of that holds is anything written, so a bad
 * answer never leaves a half-edited tree.
 */
final class StrictEdits {
  private StrictEdits() {}

  /**
   * @return the repo-relative paths written: changed files in edit order, then the test
   * @throws EditRejected naming the edit, the file and what was found, before anything is written
   */
  static List<String> apply(RepoFiles repo, EditAnswer answer) throws EditRejected, IOException {
    Map<String, String> original = new LinkedHashMap<>();
    Map<String, String> edited = new LinkedHashMap<>();
    for (int i = 0; i < answer.edits().size(); i++) {
      SearchReplace edit = answer.edits().get(i);
      String text = edited.get(edit.file());
      if (text == null) {
        text = read(repo, edit.file());
        original.put(edit.file(), text);
      }
      int count = occurrences(text, edit.search());
      if (count != 1) {
        throw EditRejected.correctable("edit " + i + ": the search text occurs " + count + " times in "
            + edit.file() + (i > 0 ? " (after the edits before it)" : "") + ", it must occur exactly once; "
            + (count == 0 ? "copy it exactly from the file, every space and line break included"
                : "include more of the surrounding lines so it is unique"));
      }
      int at = text.indexOf(edit.search());
      edited.put(edit.file(), text.substring(0, at) + edit.replace() + text.substring(at + edit.search().length()));
    }
    NewTestFile test = answer.regressionTest();
    requireNew(repo, test.file());
    List<String> written = new ArrayList<>();
    for (Map.Entry<String, String> file : edited.entrySet()) {
      if (!file.getValue().equals(original.get(file.getKey()))) {
        repo.write(file.getKey(), file.getValue());
        written.add(file.getKey());
      }
    }
    if (written.isEmpty()) {
      throw EditRejected.correctable("the edits together leave every file as it was; the fix must change the code");
    }
    repo.create(test.file(), test.content());
    written.add(test.file());
    return List.copyOf(written);
  }

  /** Occurrences, overlapping ones included: "aa" in "aaa" is ambiguous, so it counts twice. */
  static int occurrences(String text, String search) {
    int count = 0;
    for (int at = text.indexOf(search); at >= 0; at = text.indexOf(search, at + 1)) {
      count++;
    }
    return count;
  }

  private static String read(RepoFiles repo, String path) throws EditRejected, IOException {
    try {
      return repo.read(path);
    } catch (RecipeRefusedException e) {
      throw EditRejected.refused("cannot edit " + path + ": " + e.getMessage());
    }
  }

  /** The test path is free, and writing it cannot leave the worktree through a symlinked folder. */
  private static void requireNew(RepoFiles repo, String path) throws EditRejected, IOException {
    Path worktree = repo.worktree().toRealPath();
    Path file = worktree.resolve(path).normalize();
    if (!file.startsWith(worktree)) {
      throw EditRejected.correctable("regressionTest.file " + path + " is outside the repository");
    }
    if (repo.isTracked(path) || Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw EditRejected.correctable("regressionTest.file " + path + " already exists; the regression test must be "
          + "a new file, so name one that does not exist");
    }
    Path parent = file.getParent();
    while (!Files.exists(parent, LinkOption.NOFOLLOW_LINKS)) {
      parent = parent.getParent();
    }
    if (!parent.toRealPath().startsWith(worktree)) {
      throw EditRejected.refused("regressionTest.file " + path + " would be written through a symbolic link");
    }
  }
}
