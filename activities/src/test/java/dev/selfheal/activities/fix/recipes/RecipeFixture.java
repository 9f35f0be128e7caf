package dev.selfheal.activities.fix.recipes;

import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.RootCause;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A small real repository for a recipe test: files committed in steps (so recipes that read
 * history have one), and the repository's own test runner (Maven offline, or Python unittest)
 * run for real on a tree.
 */
final class RecipeFixture {
  static final PersonIdent DEV = new PersonIdent("dev", "dev@example.com");

  /** A build for Java fixtures from what selfheal itself builds with, so it resolves offline. */
  static final String POM = """
      <?xml version="1.0" encoding="UTF-8"?>
      <project xmlns="http://maven.apache.org/POM/4.0.0">
        <modelVersion>4.0.0</modelVersion>
        <groupId>com.acme</groupId>
        <artifactId>fixture</artifactId>
        <version>1.0.0</version>
        <properties>
          <maven.compiler.release>17</maven.compiler.release>
          <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          <slf4j.version>2.0.16</slf4j.version>
        </properties>
        <dependencies>
          <dependency>
            <groupId>org.slf4j</groupId>
            <artifactId>slf4j-api</artifactId>
            <version>${slf4j.version}</version>
          </dependency>
          <dependency>
            <groupId>org.junit.jupiter</groupId>
            <artifactId>junit-jupiter</artifactId>
            <version>5.14.1</version>
            <scope>test</scope>
          </dependency>
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

  private final Path dir;

  private RecipeFixture(Path dir) {
    this.dir = dir;
  }

  static RecipeFixture init(Path dir) throws Exception {
    Git.init().setInitialBranch("main").setDirectory(dir.toFile()).call().close();
    return new RecipeFixture(dir);
  }

  Path dir() {
    return dir;
  }

  /** Writes {@code files} (null content deletes) and commits them; returns the commit id. */
  String commit(String message, Map<String, String> files) throws Exception {
    for (Map.Entry<String, String> e : files.entrySet()) {
      Path file = dir.resolve(e.getKey());
      if (e.getValue() == null) {
        Files.deleteIfExists(file);
      } else {
        Files.createDirectories(file.getParent());
        Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
      }
    }
    try (Git git = Git.open(dir.toFile())) {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      return git.commit().setMessage(message).setAuthor(DEV).setCommitter(DEV).setSign(false).call().getName();
    }
  }

  String read(String path) throws IOException {
    return Files.readString(dir.resolve(path), StandardCharsets.UTF_8);
  }

  /** Every file of the worktree (not .git) with its content, for "a refusal changes nothing". */
  Map<String, String> snapshot() throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String rel = dir.relativize(p).toString();
        if (!rel.startsWith(".git/")) {
          out.put(rel, Files.readString(p, StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  /** A copy of the committed tree (HEAD) with {@code extra} files from the worktree: the pre-fix tree plus the new test. */
  Path preFixTreeWith(Path into, String... extra) throws Exception {
    Git.cloneRepository().setURI(dir.toUri().toString()).setDirectory(into.toFile()).call().close();
    for (String path : extra) {
      Files.createDirectories(into.resolve(path).getParent());
      Files.copy(dir.resolve(path), into.resolve(path));
    }
    return into;
  }

  /** Runs one test of a tree with its runner; the output, for assertion messages. */
  static Run runTest(Path tree, String testPath) throws Exception {
    List<String> command = new ArrayList<>();
    if (testPath.endsWith(".java")) {
      String name = testPath.substring(testPath.lastIndexOf('/') + 1).replace(".java", "");
      command.addAll(List.of("mvn", "-B", "-q", "test", "-Dtest=" + name, "-Dsurefire.failIfNoSpecifiedTests=false"));
    } else {
      String d = testPath.substring(0, testPath.lastIndexOf('/'));
      command.addAll(List.of("python3", "-m", "unittest", "discover", "-s", d, "-t", ".", "-p", testPath.substring(testPath.lastIndexOf('/') + 1)));
    }
    return run(tree, command);
  }

  /** The whole suite: mvn test or unittest discover. */
  static Run runAll(Path tree) throws Exception {
    return run(tree, Files.exists(tree.resolve("pom.xml"))
        ? List.of("mvn", "-B", "-q", "test") : List.of("python3", "-m", "unittest", "discover"));
  }

  record Run(int exit, String output) {
    boolean passed() {
      return exit == 0;
    }

    /** Failed because a test failed, not because the build broke first. */
    boolean failedInATest() {
      return exit != 0 && !output.contains("COMPILATION ERROR") && !output.contains("Failed to import test module")
          && (output.contains("There are test failures") || output.contains("FAILED (") || output.contains("Tests run:"));
    }
  }

  private static Run run(Path tree, List<String> command) throws Exception {
    Path log = Files.createTempFile("recipe-fixture", ".log");
    try {
      Process p = new ProcessBuilder(command).directory(tree.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError(command + " did not finish in 5 minutes");
      }
      return new Run(p.exitValue(), Files.readString(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  static Diagnosis diagnosis(RootCause cause, String summary, String recipeId) {
    return new Diagnosis(cause, "code", summary, List.of(), List.of(), 0.9, recipeId, List.of());
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
