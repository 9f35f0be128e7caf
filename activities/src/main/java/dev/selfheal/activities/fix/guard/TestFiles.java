package dev.selfheal.activities.fix.guard;

import dev.selfheal.activities.Glob;
import java.util.List;

/** Which paths hold tests, by the conventions of Maven/Gradle, pytest, go test and jest/mocha. */
public final class TestFiles {
  private static final List<Glob> TESTS = List.of(
      Glob.ignoringCase("**/src/test/**"),
      Glob.ignoringCase("**/src/it/**"),
      Glob.ignoringCase("**/test/**"),
      Glob.ignoringCase("**/tests/**"),
      Glob.ignoringCase("**/__tests__/**"),
      Glob.ignoringCase("**/spec/**"),
      Glob.of("*Test.java"),
      Glob.of("*Tests.java"),
      Glob.of("*IT.java"),
      Glob.of("*Test.kt"),
      Glob.of("*Spec.groovy"),
      Glob.of("test_*.py"),
      Glob.of("*_test.py"),
      Glob.of("conftest.py"),
      Glob.of("*_test.go"),
      Glob.of("*.{test,spec}.{js,jsx,ts,tsx,mjs,cjs}"));

  private TestFiles() {}

  public static boolean isTest(String path) {
    return path != null && TESTS.stream().anyMatch(glob -> glob.matches(path));
  }
}
