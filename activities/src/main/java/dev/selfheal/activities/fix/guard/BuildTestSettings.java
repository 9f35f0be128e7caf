package dev.selfheal.activities.fix.guard;

import dev.selfheal.activities.Glob;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.diff.DiffEntry.ChangeType;

/**
 * The test settings inside build files: which tests run, whether they run, whether a failure
 * fails the build. Any changed line (added or removed) that mentions one is refused; other build
 * edits, such as pinning a dependency, are not. Files that hold nothing but test-runner settings
 * are refused whole.
 */
final class BuildTestSettings {
  private record BuildFile(List<Glob> globs, Pattern testSetting) {}

  private static final List<BuildFile> FILES = List.of(
      new BuildFile(globs("pom.xml"), Pattern.compile(
          "skipTests|maven\\.test\\.|testFailureIgnore|skipITs|failIfNoTests|<skip>|</?excludes?>|</?includes?>"
              + "|</?test>|</?groups>|</?excludedGroups>|surefire|failsafe|<testSourceDirectory>")),
      new BuildFile(globs("*.gradle", "*.gradle.kts"), Pattern.compile(
          "\\btests?\\s*[{.]|tasks\\.(?:named|withType|register)\\s*[(<].*Test|enabled\\s*=\\s*false|\\bexclude\\b"
              + "|\\binclude\\b|ignoreFailures|\\w+TestsMatching|\\bfilter\\s*\\{|\\bonlyIf\\b|failFast|maxFailures"
              + "|-x\\s+test|useJUnit|useTestNG")),
      new BuildFile(globs("package.json"), Pattern.compile(
          "\"(?:pre|post)?test(?::[^\"]*)?\"\\s*:|\"(?:jest|mocha|ava|vitest|nyc|c8)\"\\s*:\\s*\\{"
              + "|\"(?:testPathIgnorePatterns|testMatch|testRegex|passWithNoTests|modulePathIgnorePatterns|roots"
              + "|collectCoverageFrom|coverageThreshold|bail)\"\\s*:")),
      new BuildFile(globs("pytest.ini", "tox.ini", "setup.cfg", "pyproject.toml"), Pattern.compile(
          "\\baddopts\\b|\\btestpaths\\b|\\bpython_(?:files|classes|functions)\\b|\\bnorecursedirs\\b|--ignore|--deselect"
              + "|\\bcollect_ignore|\\bxfail_strict\\b|\\bmarkers\\b|\\bfilterwarnings\\b|^\\s*commands\\s*="
              + "|\\[(?:tool:)?pytest\\]|\\[tool\\.pytest|\\[testenv")),
      new BuildFile(globs("Makefile", "makefile", "GNUmakefile", "*.mk"), Pattern.compile(
          "\\bgo\\s+test\\b|\\bgotestsum\\b|^\\s*test\\w*\\s*:|\\s-short\\b|\\s-run\\b|\\s-skip\\b|\\bGOFLAGS\\b"
              + "|\\bTEST\\w*\\s*[:?+]?=|\\bpytest\\b|\\bnpm\\s+(?:run\\s+)?test\\b|\\bjest\\b|-DskipTests|maven\\.test\\.")));

  /** Test-runner configuration files: every line in them is a test setting. */
  private static final List<Glob> RUNNER_CONFIG = globs(
      "jest.config.*", "vitest.config.*", ".mocharc*", "karma.conf.*", "phpunit.xml*", ".nycrc*", "codecov.yml",
      ".coveragerc");

  private BuildTestSettings() {}

  static Optional<String> check(FileChange change) {
    for (String path : change.paths()) {
      for (Glob glob : RUNNER_CONFIG) {
        if (glob.matches(path)) {
          return Optional.of("test-runner configuration " + glob);
        }
      }
    }
    for (BuildFile file : FILES) {
      if (change.paths().stream().noneMatch(path -> file.globs().stream().anyMatch(g -> g.matches(path)))) {
        continue;
      }
      Optional<String> setting = firstMatch(file.testSetting(), change.removed(), "removes ")
          .or(() -> firstMatch(file.testSetting(), change.added(), "adds "));
      if (setting.isPresent()) {
        return setting;
      }
      if (change.type() == ChangeType.DELETE) {
        return Optional.of("deletes the build file");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> firstMatch(Pattern pattern, List<String> lines, String verb) {
    return lines.stream().filter(line -> pattern.matcher(line).find()).findFirst()
        .map(line -> verb + TestWeakening.quote(line));
  }

  private static List<Glob> globs(String... globs) {
    return List.of(globs).stream().map(Glob::ignoringCase).toList();
  }
}
