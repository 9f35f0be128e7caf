package dev.selfheal.activities.fix.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.diff.DiffEntry.ChangeType;

/**
 * Ways a patch can make tests pass without fixing anything: deleting or moving test files,
 * removing test methods or assertions, skip markers, assertions that cannot fail. Adding tests is
 * always fine; changing an existing assertion counts as weakening it, because the guard cannot
 * tell a stricter assertion from a looser one and a human can.
 */
final class TestWeakening {
  /** Markers that stop a test from running or from counting, in any language selfheal meets. */
  private static final Pattern SKIP = Pattern.compile(
      "@Disabled\\w*\\b|@Ignore\\b|@Ignored\\b"
          + "|\\bassume(?:True|That)\\s*\\(\\s*false\\s*\\)|\\bassumeFalse\\s*\\(\\s*true\\s*\\)"
          + "|@pytest\\.mark\\.(?:skip|skipif|xfail)\\b|@unittest\\.(?:skip|expectedFailure)\\w*"
          + "|\\bpytest\\.(?:skip|xfail|importorskip)\\s*\\(|\\bself\\.skipTest\\s*\\(|\\braise\\s+(?:unittest\\.)?SkipTest\\b"
          + "|\\bt\\.Skip(?:Now|f)?\\s*\\("
          + "|\\b(?:it|describe|test|context|suite)\\.(?:skip|only|todo)\\b"
          + "|\\b(?:xit|xdescribe|xtest|xcontext|fit|fdescribe)\\s*\\(");

  /** A line that declares a test. */
  private static final Pattern TEST_DECLARATION = Pattern.compile(
      "@(?:Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate|Theory)\\b"
          + "|\\bvoid\\s+test\\w*\\s*\\("
          + "|^\\s*(?:async\\s+)?def\\s+test\\w*\\s*\\("
          + "|^\\s*func\\s+(?:Test|Fuzz|Example)\\w*\\s*\\("
          + "|\\b(?:it|test|describe|context)\\s*\\(");

  /** A line that checks something. */
  private static final Pattern ASSERTION = Pattern.compile(
      "\\bassert\\w*\\s*\\(|^\\s*assert\\s|\\b(?:assert|require)\\.\\w+\\s*\\("
          + "|\\bexpect\\s*\\(|\\.should\\b|\\bverify\\s*\\(|\\bfail\\s*\\("
          + "|\\bpytest\\.raises\\b|\\bt\\.(?:Error|Errorf|Fatal|Fatalf|Fail|FailNow)\\b");

  /** Added lines that make a test pass whatever the code does, or keep it from being collected. */
  private static final Pattern LOOSENING = Pattern.compile(
      "\\bassert(?:True|That)?\\s*\\(\\s*true\\s*[,)]|^\\s*assert\\s+(?:True|1)\\s*(?:#.*)?$"
          + "|\\bexpect\\s*\\(\\s*true\\s*\\)"
          + "|\\bcatch\\s*\\(\\s*(?:final\\s+)?(?:java\\.lang\\.)?(?:AssertionError|Throwable)\\b"
          + "|\\bexcept\\s+(?:\\(\\s*)?AssertionError\\b"
          + "|\\bcollect_ignore\\w*\\s*=|\\bpytest_(?:collection_modifyitems|ignore_collect)\\b"
          + "|^\\s*//\\s*(?:go:build|\\+build)\\b");

  private TestWeakening() {}

  /** A skip marker in an added line of any file, quoted; empty when there is none. */
  static Optional<String> skipMarker(FileChange change) {
    for (String line : change.added()) {
      if (SKIP.matcher(line).find()) {
        return Optional.of("adds a skip marker: " + quote(line));
      }
    }
    return Optional.empty();
  }

  /** How the change weakens a test file; empty when it does not, or is not a test file. */
  static Optional<String> weakening(FileChange change) {
    if (TestFiles.isTest(change.oldPath())) {
      if (change.type() == ChangeType.DELETE) {
        return Optional.of("deletes the test file");
      }
      if (change.type() == ChangeType.RENAME) {
        return Optional.of("renames the test file to " + change.newPath());
      }
    }
    if (!TestFiles.isTest(change.path())) {
      return Optional.empty();
    }
    // a line moved within the file is removed and added back unchanged: that is not a removal
    List<String> readded = new ArrayList<>();
    for (String line : change.added()) {
      readded.add(normal(line));
    }
    for (String line : change.removed()) {
      boolean significant = TEST_DECLARATION.matcher(line).find() || ASSERTION.matcher(line).find();
      if (significant && !readded.remove(normal(line))) {
        return Optional.of((TEST_DECLARATION.matcher(line).find() ? "removes a test: " : "removes or changes an assertion: ")
            + quote(line));
      }
    }
    for (String line : change.added()) {
      if (LOOSENING.matcher(line).find()) {
        return Optional.of("adds a check that cannot fail or hides tests: " + quote(line));
      }
    }
    return Optional.empty();
  }

  private static String normal(String line) {
    return line.strip().replaceAll("\\s+", " ");
  }

  static String quote(String line) {
    String s = line.strip();
    return "'" + (s.length() > 120 ? s.substring(0, 119) + "…" : s) + "'";
  }
}
