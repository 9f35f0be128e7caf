package dev.selfheal.activities.fix.recipes;

import dev.selfheal.activities.fix.RecipeRefusedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;

/** The tracked files of a worktree, and the checks every recipe makes before it reads or writes one. */
public final class RepoFiles {
  private static final int MAX_TEXT_BYTES = 1 << 20;
  private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");

  private final Path worktree;
  private final List<String> tracked;

  private RepoFiles(Path worktree, List<String> tracked) {
    this.worktree = worktree;
    this.tracked = List.copyOf(tracked);
  }

  /** The files in the worktree's index. */
  public static RepoFiles of(Path worktree) throws IOException {
    try (Git git = Git.open(worktree.toFile())) {
      DirCache index = git.getRepository().readDirCache();
      List<String> paths = new ArrayList<>(index.getEntryCount());
      for (int i = 0; i < index.getEntryCount(); i++) {
        paths.add(index.getEntry(i).getPathString());
      }
      return new RepoFiles(worktree, paths);
    }
  }

  public Path worktree() {
    return worktree;
  }

  public List<String> tracked() {
    return tracked;
  }

  public boolean isTracked(String path) {
    return tracked.contains(path);
  }

  /**
   * The tracked file a diagnosis's file names. A frame gives {@code com/acme/X.java} (package
   * path) or an interpreter's absolute path ({@code /opt/app/pkg/mod.py}); the repository holds it
   * under some prefix. The longest tail of the hint that is the tail of exactly one tracked file
   * wins.
   *
   * @throws RecipeRefusedException when nothing, or more than one file, fits
   */
  public String resolve(String hint) {
    if (hint == null || hint.isBlank()) {
      throw new RecipeRefusedException("the diagnosis names no source file of the root cause");
    }
    String clean = hint.replace('\\', '/');
    while (clean.startsWith("./")) {
      clean = clean.substring(2);
    }
    if (!clean.contains("..") && tracked.contains(clean)) {
      return clean;
    }
    String[] parts = clean.split("/");
    for (int start = 0; start < parts.length; start++) {
      String tail = String.join("/", java.util.Arrays.copyOfRange(parts, start, parts.length));
      if (tail.isEmpty() || tail.contains("..")) {
        continue;
      }
      List<String> fits = tracked.stream().filter(p -> p.equals(tail) || p.endsWith("/" + tail)).toList();
      if (fits.size() == 1) {
        return fits.get(0);
      }
      if (fits.size() > 1) {
        throw new RecipeRefusedException(
            "the root cause file " + hint + " fits " + fits.size() + " tracked files (" + String.join(", ", fits) + ")");
      }
    }
    throw new RecipeRefusedException("the root cause file " + hint + " is not a tracked file of this repository");
  }

  /** The tracked file's text (UTF-8); refuses symlinks, huge and missing files. */
  public String read(String path) throws IOException {
    Path file = worktree.resolve(path);
    if (!tracked.contains(path) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new RecipeRefusedException(path + " is not a tracked regular file");
    }
    if (Files.size(file) > MAX_TEXT_BYTES) {
      throw new RecipeRefusedException(path + " is larger than " + MAX_TEXT_BYTES + " bytes");
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** Writes a file the recipe creates; refuses to overwrite one. */
  public void create(String path, String text) throws IOException {
    Path file = worktree.resolve(path);
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new RecipeRefusedException(path + " already exists; refusing to overwrite it");
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** Rewrites a tracked file. */
  public void write(String path, String text) throws IOException {
    Files.writeString(worktree.resolve(path), text, StandardCharsets.UTF_8);
  }

  /** The package a Java source declares, "" for the default package. */
  public static String javaPackage(String source) {
    Matcher m = PACKAGE.matcher(source);
    return m.find() ? m.group(1) : "";
  }

  /** Where a Java class's tests go: {@code src/test/java/<package path>/} beside its main source root. */
  public static String javaTestDir(String mainPath, String pkg) {
    String pkgPath = pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/";
    int root = mainPath.indexOf("src/main/java/");
    String prefix = root < 0 ? "" : mainPath.substring(0, root);
    return prefix + "src/test/java/" + pkgPath;
  }

  /** The indentation unit the source uses (the smallest non-zero leading run of spaces), 4 by default. */
  public static String indentUnit(String source) {
    int best = Integer.MAX_VALUE;
    for (String line : source.split("\n")) {
      int n = 0;
      while (n < line.length() && line.charAt(n) == ' ') {
        n++;
      }
      // javadoc continuation lines (" * ") are not indentation
      if (n > 0 && n < line.length() && line.charAt(n) != '*' && n < best) {
        best = n;
      }
    }
    return " ".repeat(best == Integer.MAX_VALUE || best > 8 ? 4 : best);
  }
}
