package dev.selfheal.activities.fix;

import dev.selfheal.activities.fix.recipes.JUnitStyle;
import dev.selfheal.activities.fix.recipes.RepoFiles;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.RootCause;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;

/**
 * A file the service reads from a volatile directory ({@code /tmp/}, {@code /var/tmp/},
 * {@code /dev/shm/}) vanished under it: tmp cleaners, reboots and container restarts remove such
 * files while the service keeps running. The repair ships the file on the classpath instead:
 *
 * <ol>
 *   <li>the versioned copy of the file moves to {@code src/main/resources/<name>};
 *   <li>other tracked text files that name its old path are pointed at the new one;
 *   <li>in the root-cause class, {@code new FileInputStream(CONST)} (CONST a constant holding the
 *       volatile default path) becomes a class-path lookup, and the constant and the
 *       {@code FileInputStream} import go if nothing else uses them;
 *   <li>a regression test loads the file through the class without the volatile file.
 * </ol>
 *
 * Every edit is textual and minimal, and every check runs before the first write: a refusal
 * leaves the tree untouched.
 */
public final class RelocateVolatileResourceRecipe implements FixRecipe {
  public static final String ID = "relocate-volatile-resource";
  static final List<String> VOLATILE_DIRS = List.of("/tmp/", "/var/tmp/", "/dev/shm/");
  static final String RESOURCES_DIR = "src/main/resources/";

  private static final Set<String> ERROR_TYPES = Set.of("FileNotFoundException", "NoSuchFileException");
  private static final Pattern CONSTANT =
      Pattern.compile(
          "(?m)^[ \\t]*((?:(?:public|protected|private|static|final)\\s+)+)String\\s+([A-Za-z_$][\\w$]*)\\s*=([^;]*);[ \\t]*(?:\\r?\\n)?");
  private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
  private static final Pattern PROPERTY_KEY = Pattern.compile("System\\.getProperty\\(\\s*\"([^\"\\\\]+)\"");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
  private static final Pattern FILE_INPUT_STREAM_IMPORT =
      Pattern.compile("(?m)^import\\s+java\\.io\\.FileInputStream\\s*;[ \\t]*\\r?\\n");
  private static final Pattern METHOD =
      Pattern.compile(
          "(?m)^[ \\t]*((?:(?:public|protected|private|static|final|synchronized)\\s+)*)([\\w.$<>\\[\\]]+)\\s+([A-Za-z_$][\\w$]*)\\s*\\(([^)]*)\\)\\s*(?:throws\\s+[\\w.$,\\s]+)?\\{");
  private static final Set<String> KEYWORDS =
      Set.of("if", "for", "while", "switch", "catch", "synchronized", "return", "new", "else", "try", "throw");
  private static final int MAX_TEXT_BYTES = 1 << 20;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean applies(Diagnosis diagnosis) {
    RootCause cause = diagnosis == null ? null : diagnosis.rootCause();
    if (cause == null || cause.errorType() == null || cause.file() == null || cause.message() == null) {
      return false;
    }
    String type = cause.errorType();
    String simple = type.substring(type.lastIndexOf('.') + 1);
    return (ERROR_TYPES.contains(simple) && cause.file().endsWith(".java"))
        || (simple.equals(PythonVolatileResource.ERROR_TYPE) && cause.file().endsWith(".py"));
  }

  @Override
  public List<String> apply(Path worktree, Diagnosis diagnosis) throws IOException {
    RootCause cause = diagnosis.rootCause();
    if (cause.file().endsWith(".py")) {
      return PythonVolatileResource.apply(RepoFiles.of(worktree), cause);
    }

    // (a) the missing file, which must be somewhere that is cleaned behind the service's back
    String missing =
        missingPath(cause.message())
            .orElseThrow(() -> new RecipeRefusedException(
                "the root cause message names no absolute path of a missing file: " + cause.message()));
    String dir = volatileDir(missing)
        .orElseThrow(() -> new RecipeRefusedException(
            "the missing file " + missing + " is not under a volatile directory (" + String.join(", ", VOLATILE_DIRS)
                + "); shipping it on the classpath would not address why it is missing"));
    String name = Path.of(missing).getFileName().toString();

    // (b) its versioned copy
    List<String> tracked = trackedFiles(worktree);
    List<String> copies = tracked.stream().filter(p -> fileName(p).equals(name)).toList();
    if (copies.isEmpty()) {
      throw new RecipeRefusedException(
          "no tracked file named " + name + " in the repository; there is no versioned copy of " + missing + " to ship");
    }
    if (copies.size() > 1) {
      throw new RecipeRefusedException(
          copies.size() + " tracked files are named " + name + " (" + String.join(", ", copies)
              + "); cannot tell which one belongs at " + missing);
    }
    String oldPath = copies.get(0);
    String newPath = RESOURCES_DIR + name;
    boolean move = !oldPath.equals(newPath);
    if (move && Files.exists(worktree.resolve(newPath))) {
      throw new RecipeRefusedException(newPath + " already exists; refusing to overwrite it with " + oldPath);
    }

    // (d) the class that opens it
    // a stack frame names the file by its package path; the repository holds it under a source root
    String javaPath = RepoFiles.of(worktree).resolve(cause.file());
    if (!javaPath.endsWith(".java")) {
      throw new RecipeRefusedException("the root cause file " + javaPath + " is not a tracked Java source of this repository");
    }
    String className = fileName(javaPath).substring(0, fileName(javaPath).length() - ".java".length());
    String source = Files.readString(worktree.resolve(javaPath), StandardCharsets.UTF_8);
    if (!Pattern.compile("\\b(?:class|enum|record)\\s+" + Pattern.quote(className) + "\\b").matcher(source).find()) {
      throw new RecipeRefusedException(javaPath + " does not declare a class named " + className);
    }
    JavaEdit edit = rewriteJava(worktree, tracked, javaPath, source, className, name, dir);

    // (e) the regression test, beside the class's own tests
    String pkg = packageOf(source);
    String testDir = "src/test/java/" + (pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/");
    String testPath = testDir + className + "ResourceRegressionTest.java";
    if (Files.exists(worktree.resolve(testPath))) {
      throw new RecipeRefusedException(testPath + " already exists; refusing to overwrite it");
    }
    TestStyle style = RegressionTestWriter.detectStyle(worktree, tracked, testDir);
    String test =
        RegressionTestWriter.render(
            style, pkg, className, name, edit.volatileDefault(), edit.propertyKey(), edit.call());

    // (c) everything else that names the old repo-relative path
    Map<String, String> rewritten = new LinkedHashMap<>();
    rewritten.put(javaPath, edit.source());
    if (move) {
      Pattern reference =
          Pattern.compile("(?<![A-Za-z0-9_.-])" + Pattern.quote(oldPath) + "(?!\\.?[A-Za-z0-9_-])");
      for (String path : tracked) {
        if (path.equals(oldPath)) {
          continue;
        }
        String text = path.equals(javaPath) ? edit.source() : readText(worktree.resolve(path)).orElse(null);
        if (text != null && reference.matcher(text).find()) {
          rewritten.put(path, reference.matcher(text).replaceAll(Matcher.quoteReplacement(newPath)));
        }
      }
    }

    // all checks passed: write
    Set<String> changed = new TreeSet<>();
    if (move) {
      Path target = worktree.resolve(newPath);
      Files.createDirectories(target.getParent());
      Files.move(worktree.resolve(oldPath), target);
      changed.add(oldPath);
      changed.add(newPath);
    }
    for (Map.Entry<String, String> file : rewritten.entrySet()) {
      Files.writeString(worktree.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
      changed.add(file.getKey());
    }
    Path testFile = worktree.resolve(testPath);
    Files.createDirectories(testFile.getParent());
    Files.writeString(testFile, test, StandardCharsets.UTF_8);
    changed.add(testPath);
    return List.copyOf(changed);
  }

  /** The new Java source and what the regression test needs to know about the old one. */
  private record JavaEdit(
      String source, String volatileDefault, String propertyKey, Optional<RegressionTestWriter.Call> call) {}

  private static JavaEdit rewriteJava(
      Path worktree, List<String> tracked, String javaPath, String source, String className, String name, String dir)
      throws IOException {
    record Candidate(String constant, String literal, String initializer, Pattern usage) {}
    List<Candidate> candidates = new ArrayList<>();
    Matcher m = CONSTANT.matcher(source);
    while (m.find()) {
      String modifiers = m.group(1);
      if (!modifiers.contains("static") || !modifiers.contains("final")) {
        continue;
      }
      Matcher literal = STRING_LITERAL.matcher(m.group(3));
      while (literal.find()) {
        String value = literal.group(1);
        if (volatileDir(value).isPresent() && value.endsWith("/" + name)) {
          String constant = m.group(2);
          Pattern usage =
              Pattern.compile(
                  "new\\s+(?:java\\.io\\.)?FileInputStream\\s*\\(\\s*(?:" + Pattern.quote(className) + "\\s*\\.\\s*)?"
                      + Pattern.quote(constant) + "\\s*\\)");
          candidates.add(new Candidate(constant, value, m.group(3), usage));
          break;
        }
      }
    }
    if (candidates.isEmpty()) {
      throw new RecipeRefusedException(
          "no static final String constant in " + javaPath + " holds a default path under " + dir + " ending in /" + name);
    }
    List<Candidate> used = candidates.stream().filter(c -> c.usage().matcher(source).find()).toList();
    if (used.isEmpty()) {
      throw new RecipeRefusedException(
          "no usage `new FileInputStream(" + candidates.get(0).constant() + ")` in " + javaPath
              + "; this recipe only rewrites that pattern");
    }
    if (used.size() > 1) {
      throw new RecipeRefusedException(
          "several constants in " + javaPath + " are opened with new FileInputStream(...): "
              + String.join(", ", used.stream().map(Candidate::constant).toList()) + "; refusing to guess");
    }
    Candidate target = used.get(0);
    String constant = target.constant();

    Matcher first = target.usage().matcher(source);
    first.find();
    Optional<RegressionTestWriter.Call> call = callFor(source, className, first.start());

    String replacement =
        "java.util.Objects.requireNonNull(" + className + ".class.getResourceAsStream("
            + JUnitStyle.literal("/" + name) + "), "
            + JUnitStyle.literal(name + " missing from the classpath") + ")";
    String edited = target.usage().matcher(source).replaceAll(Matcher.quoteReplacement(replacement));

    // the constant goes only when nothing in this file or the others still names it
    Pattern word = Pattern.compile("(?<![\\w$])" + Pattern.quote(constant) + "(?![\\w$])");
    long mentions = word.matcher(edited).results().count();
    if (mentions == 1 && !usedElsewhere(worktree, tracked, javaPath, className, constant)) {
      edited = removeDeclaration(edited, constant);
    }
    if (!Pattern.compile("\\bFileInputStream\\b").matcher(FILE_INPUT_STREAM_IMPORT.matcher(edited).replaceAll("")).find()) {
      edited = FILE_INPUT_STREAM_IMPORT.matcher(edited).replaceAll("");
    }
    Matcher key = PROPERTY_KEY.matcher(target.initializer());
    return new JavaEdit(edited, target.literal(), key.find() ? key.group(1) : null, call);
  }

  /** Whether another tracked Java file names {@code ClassName.CONST} or imports it statically. */
  private static boolean usedElsewhere(Path worktree, List<String> tracked, String javaPath, String className, String constant)
      throws IOException {
    Pattern qualified =
        Pattern.compile("\\b" + Pattern.quote(className) + "\\s*\\.\\s*" + Pattern.quote(constant) + "(?![\\w$])");
    for (String path : tracked) {
      if (path.endsWith(".java") && !path.equals(javaPath)) {
        Optional<String> text = readText(worktree.resolve(path));
        if (text.isPresent() && qualified.matcher(text.get()).find()) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Removes the declaration of {@code constant} with the comment directly above it (it describes
   * the removed constant and would otherwise document whatever follows), and one blank line so no
   * double blank line is left behind.
   */
  private static String removeDeclaration(String source, String constant) {
    Matcher m = CONSTANT.matcher(source);
    while (m.find()) {
      if (!m.group(2).equals(constant)) {
        continue;
      }
      int start = m.start();
      int end = m.end();
      String before = source.substring(0, start);
      Matcher doc = Pattern.compile("(?s)(?:^|\\n)([ \\t]*/\\*(?:(?!\\*/).)*\\*/[ \\t]*\\r?\\n)$").matcher(before);
      if (doc.find()) {
        start = doc.start(1);
      } else {
        Matcher lineComments = Pattern.compile("(?:^|\\n)((?:[ \\t]*//[^\\n]*\\n)+)$").matcher(before);
        if (lineComments.find()) {
          start = lineComments.start(1);
        }
      }
      String head = source.substring(0, start);
      String tail = source.substring(end);
      Matcher blank = Pattern.compile("^[ \\t]*\\r?\\n").matcher(tail);
      if ((head.endsWith("{\n") || head.endsWith("{\r\n") || head.matches("(?s).*\\n[ \\t]*\\r?\\n$")) && blank.find()) {
        tail = tail.substring(blank.end());
      }
      return head + tail;
    }
    return source;
  }

  /**
   * The method around the first usage, if a test can call it: no parameters, returns
   * {@code String} or {@code byte[]}, not private, and (unless static) the class can be made with
   * a no-argument constructor.
   */
  private static Optional<RegressionTestWriter.Call> callFor(String source, String className, int usageOffset) {
    Matcher m = METHOD.matcher(source);
    String modifiers = null;
    String returnType = null;
    String methodName = null;
    String params = null;
    // the last method header before the usage encloses it (statements like `if (...) {` are not headers)
    while (m.find() && m.end() <= usageOffset) {
      if (KEYWORDS.contains(m.group(3)) || KEYWORDS.contains(m.group(2))) {
        continue;
      }
      modifiers = m.group(1);
      returnType = m.group(2);
      methodName = m.group(3);
      params = m.group(4);
    }
    if (methodName == null || !params.isBlank() || modifiers.contains("private")) {
      return Optional.empty();
    }
    boolean bytes = returnType.equals("byte[]");
    if (!bytes && !returnType.equals("String") && !returnType.equals("java.lang.String")) {
      return Optional.empty();
    }
    if (modifiers.contains("static")) {
      return Optional.of(new RegressionTestWriter.Call(className + "." + methodName + "()", className + "." + methodName + "()", bytes));
    }
    if (Pattern.compile("\\babstract\\s+class\\s+" + Pattern.quote(className) + "\\b").matcher(source).find()) {
      return Optional.empty();
    }
    Matcher ctor =
        Pattern.compile("(?m)^[ \\t]*((?:public|protected|private)\\s+)?" + Pattern.quote(className) + "\\s*\\(([^)]*)\\)")
            .matcher(source);
    boolean anyCtor = false;
    boolean noArg = false;
    while (ctor.find()) {
      anyCtor = true;
      if (ctor.group(2).isBlank() && (ctor.group(1) == null || !ctor.group(1).contains("private"))) {
        noArg = true;
      }
    }
    if (anyCtor && !noArg) {
      return Optional.empty();
    }
    return Optional.of(new RegressionTestWriter.Call(
        "new " + className + "()." + methodName + "()", className + "." + methodName + "()", bytes));
  }

  /** The first whitespace-separated token starting with {@code /}, stripped of quotes and punctuation. */
  static Optional<String> missingPath(String message) {
    if (message == null) {
      return Optional.empty();
    }
    for (String token : message.split("\\s+")) {
      String t = token.replaceAll("^[\"'`(\\[<]+", "").replaceAll("[\"'`)\\]>,;:]+$", "");
      if (t.startsWith("/") && t.length() > 1) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The volatile directory {@code path} is under, judged after normalising away {@code ..}. */
  static Optional<String> volatileDir(String path) {
    String normal = Path.of(path).normalize().toString();
    return VOLATILE_DIRS.stream().filter(dir -> normal.startsWith(dir) && normal.length() > dir.length()).findFirst();
  }

  private static List<String> trackedFiles(Path worktree) throws IOException {
    try (Git git = Git.open(worktree.toFile())) {
      DirCache index = git.getRepository().readDirCache();
      List<String> paths = new ArrayList<>(index.getEntryCount());
      for (int i = 0; i < index.getEntryCount(); i++) {
        paths.add(index.getEntry(i).getPathString());
      }
      return paths;
    }
  }

  private static String packageOf(String source) {
    Matcher m = PACKAGE.matcher(source);
    return m.find() ? m.group(1) : "";
  }

  private static String fileName(String repoPath) {
    return repoPath.substring(repoPath.lastIndexOf('/') + 1);
  }

  /** The file as UTF-8 text, or empty for binary, non-UTF-8, huge or missing files. */
  private static Optional<String> readText(Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_TEXT_BYTES) {
      return Optional.empty();
    }
    byte[] bytes = Files.readAllBytes(file);
    for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
      if (bytes[i] == 0) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
