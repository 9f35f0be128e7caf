package dev.selfheal.starter.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How a case's repository runs its tests, told from its files: a {@code selfheal-test.sh} in the
 * case folder overrides; then {@code pom.xml} (Maven, offline); Python ({@code pytest} when the
 * repository is set up for it and it is installed, else {@code unittest}); Java sources without
 * a build file get a generated {@code pom.xml} (JUnit 5 and slf4j, the versions selfheal itself
 * builds with, so they are in the local Maven repository).
 */
final class RepoTests {
  static final String OVERRIDE = "selfheal-test.sh";
  private static final Pattern RELEASE = Pattern.compile("<maven\\.compiler\\.release>\\s*(\\d+)\\s*</maven\\.compiler\\.release>");

  /** The ways of running tests this class knows. */
  enum Kind { SCRIPT, MAVEN, JAVA_SOURCES, PYTEST, UNITTEST }

  private final Kind kind;
  private final Path script;
  private final String release;

  private RepoTests(Kind kind, Path script, String release) {
    this.kind = kind;
    this.script = script;
    this.release = release;
  }

  Kind kind() {
    return kind;
  }

  /**
   * @param caseDir the case folder (for the override script)
   * @param repo the case's pristine repository
   * @throws InvalidCaseException when nothing says how to run its tests
   */
  static RepoTests detect(Path caseDir, Path repo) throws IOException, InvalidCaseException {
    Path override = caseDir.resolve(OVERRIDE);
    if (Files.isRegularFile(override)) {
      return new RepoTests(Kind.SCRIPT, override.toAbsolutePath(), null);
    }
    Path pom = repo.resolve("pom.xml");
    if (Files.isRegularFile(pom)) {
      Matcher m = RELEASE.matcher(Files.readString(pom, StandardCharsets.UTF_8));
      return new RepoTests(Kind.MAVEN, null, m.find() ? m.group(1) : null);
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(repo)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    if (files.stream().anyMatch(f -> f.toString().endsWith(".py"))) {
      return new RepoTests(usesPytest(repo, files) ? Kind.PYTEST : Kind.UNITTEST, null, null);
    }
    if (files.stream().anyMatch(f -> f.toString().endsWith(".java")) && Files.isDirectory(repo.resolve("src/test/java"))) {
      return new RepoTests(Kind.JAVA_SOURCES, null, null);
    }
    throw new InvalidCaseException("repo/ has no " + OVERRIDE + ", pom.xml, Python or Java tests: cannot tell how to test it");
  }

  /** Writes what the runner needs into a checked-out tree (the generated pom), untracked. */
  void prepare(Path tree) throws IOException {
    if (kind == Kind.JAVA_SOURCES && !Files.exists(tree.resolve("pom.xml"))) {
      Files.writeString(tree.resolve("pom.xml"), GENERATED_POM, StandardCharsets.UTF_8);
    }
  }

  /** The repository's whole test suite. */
  List<String> full() {
    return switch (kind) {
      case SCRIPT -> List.of("sh", script.toString());
      case MAVEN, JAVA_SOURCES -> maven(null);
      case PYTEST -> List.of("python3", "-m", "pytest", "-q");
      case UNITTEST -> List.of("python3", "-m", "unittest", "discover");
    };
  }

  /** One test file, repo-relative. */
  List<String> single(Path tree, String testPath) {
    if (testPath.endsWith(".java")) {
      String file = testPath.substring(testPath.lastIndexOf('/') + 1);
      return maven(file.substring(0, file.length() - ".java".length()));
    }
    if (kind == Kind.PYTEST) {
      return List.of("python3", "-m", "pytest", "-q", testPath);
    }
    int slash = testPath.lastIndexOf('/');
    String dir = slash < 0 ? "." : testPath.substring(0, slash);
    String file = testPath.substring(slash + 1);
    List<String> command = new ArrayList<>(List.of("python3", "-m", "unittest", "discover", "-s", dir, "-p", file));
    if (Files.isRegularFile(tree.resolve(dir).resolve("__init__.py"))) {
      command.addAll(List.of("-t", "."));
    }
    return command;
  }

  /**
   * Whether a failed run shows a test that ran and failed. A build that broke first (a compile
   * error, an unreadable pom, an import error) proves nothing about the fix, so a red must show
   * the runner's own failure report.
   */
  static boolean testsRanAndFailed(ProcessRun run) {
    String out = run.output();
    if (out.contains("COMPILATION ERROR") || out.contains("Failed to import test module") || out.contains("ERROR collecting")) {
      return false;
    }
    return TEST_FAILURE.matcher(out).find();
  }

  private static final Pattern TEST_FAILURE = Pattern.compile(
      "There are test failures|Tests run: \\d+, (?:Failures: [1-9]|Failures: \\d+, Errors: [1-9])"
          + "|FAILED \\((?:failures|errors)=|\\d+ failed");

  private List<String> maven(String test) {
    // online: a fresh machine fetches the case's test dependencies from Maven Central once
    List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "test"));
    if (release != null) {
      // Maven 3.8's default compiler plugin (3.1) ignores maven.compiler.release and compiles for Java 5
      command.add("-Dmaven.compiler.source=" + release);
      command.add("-Dmaven.compiler.target=" + release);
    }
    if (test != null) {
      command.add("-Dtest=" + test);
      command.add("-Dsurefire.failIfNoSpecifiedTests=false");
    }
    return command;
  }

  private static boolean usesPytest(Path repo, List<Path> files) throws IOException {
    boolean configured = Files.exists(repo.resolve("pytest.ini")) || Files.exists(repo.resolve("conftest.py"))
        || (Files.isRegularFile(repo.resolve("pyproject.toml"))
            && Files.readString(repo.resolve("pyproject.toml")).contains("[tool.pytest"));
    if (!configured) {
      return false;
    }
    try {
      return ProcessRun.of(List.of("python3", "-c", "import pytest"), repo, java.time.Duration.ofSeconds(30)).passed();
    } catch (IOException e) {
      return false;
    }
  }

  /** For Java sources without a build file: what the case README says they compile against. */
  private static final String GENERATED_POM = """
      <?xml version="1.0" encoding="UTF-8"?>
      <!-- generated by selfheal eval (repair): the case's sources have no build file -->
      <project xmlns="http://maven.apache.org/POM/4.0.0">
        <modelVersion>4.0.0</modelVersion>
        <groupId>selfheal.eval</groupId>
        <artifactId>case-sources</artifactId>
        <version>0</version>
        <properties>
          <maven.compiler.release>17</maven.compiler.release>
          <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
        </properties>
        <dependencies>
          <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.16</version></dependency>
          <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.14.1</version><scope>test</scope></dependency>
        </dependencies>
        <build>
          <plugins>
            <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
            <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
            <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.5.2</version></plugin>
          </plugins>
        </build>
      </project>
      """;
}
