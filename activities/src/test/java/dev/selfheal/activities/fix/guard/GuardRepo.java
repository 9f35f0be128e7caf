package dev.selfheal.activities.fix.guard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;

/** A real git repository with one base commit; tests edit the tree and read back the staged change. */
final class GuardRepo implements AutoCloseable {
  private final Path dir;
  private final Git git;

  private GuardRepo(Path dir, Git git) {
    this.dir = dir;
    this.git = git;
  }

  static GuardRepo with(Path dir, Map<String, String> files) throws Exception {
    Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
    GuardRepo repo = new GuardRepo(dir, git);
    for (Map.Entry<String, String> file : files.entrySet()) {
      repo.write(file.getKey(), file.getValue());
    }
    git.add().addFilepattern(".").call();
    git.commit().setMessage("base").setAuthor("dev", "dev@example.com").setCommitter("dev", "dev@example.com")
        .setSign(false).call();
    return repo;
  }

  GuardRepo write(String path, String text) throws IOException {
    return writeBytes(path, text.getBytes(StandardCharsets.UTF_8));
  }

  GuardRepo writeBytes(String path, byte[] bytes) throws IOException {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    return this;
  }

  GuardRepo delete(String path) throws IOException {
    Files.delete(dir.resolve(path));
    return this;
  }

  GuardRepo move(String from, String to) throws IOException {
    Path target = dir.resolve(to);
    Files.createDirectories(target.getParent());
    Files.move(dir.resolve(from), target);
    return this;
  }

  GuardRepo symlink(String path, String target) throws IOException {
    Files.createSymbolicLink(dir.resolve(path), Path.of(target));
    return this;
  }

  /** Records a submodule entry in the index, as {@code git submodule add} would. */
  GuardRepo gitlink(String path) throws IOException {
    DirCache index = git.getRepository().lockDirCache();
    DirCacheEditor editor = index.editor();
    editor.add(new DirCacheEditor.PathEdit(path) {
      @Override
      public void apply(DirCacheEntry entry) {
        entry.setFileMode(FileMode.GITLINK);
        entry.setObjectId(ObjectId.fromString("0123456789abcdef0123456789abcdef01234567"));
      }
    });
    editor.commit();
    return this;
  }

  /** Stages everything, as the fix activity does, and reads the change the guard would see. */
  List<FileChange> stage() throws Exception {
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call();
    return staged();
  }

  /** The change as the index holds it now, without staging the tree. */
  List<FileChange> staged() throws IOException {
    return ChangeReader.staged(git.getRepository());
  }

  @Override
  public void close() {
    git.close();
  }
}
