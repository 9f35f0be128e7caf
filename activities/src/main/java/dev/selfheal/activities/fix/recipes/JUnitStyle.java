package dev.selfheal.activities.fix.recipes;

import dev.selfheal.activities.fix.RecipeRefusedException;
import java.io.IOException;

/**
 * The JUnit generation a Java repository's own tests use, so a generated regression test runs
 * with them. Repositories with neither are refused: a test no runner picks up proves nothing.
 */
public enum JUnitStyle {
  JUNIT5("import org.junit.jupiter.api.Test;", "import static org.junit.jupiter.api.Assertions.", "  @Test\n  void "),
  JUNIT4("import org.junit.Test;", "import static org.junit.Assert.", "  @Test\n  public void ");

  private final String testImport;
  private final String assertImport;
  private final String methodHead;

  JUnitStyle(String testImport, String assertImport, String methodHead) {
    this.testImport = testImport;
    this.assertImport = assertImport;
    this.methodHead = methodHead;
  }

  /** Looks at the tracked Java tests, the package's own first. */
  public static JUnitStyle detect(RepoFiles files, String testDir) throws IOException {
    JUnitStyle found = null;
    for (String path : files.tracked()) {
      if (!path.contains("src/test/java/") || !path.endsWith(".java")) {
        continue;
      }
      String text = files.read(path);
      JUnitStyle style = text.contains("org.junit.jupiter") ? JUNIT5
          : text.contains("import org.junit.Test") ? JUNIT4 : null;
      if (style != null && (found == null || path.startsWith(testDir))) {
        found = style;
      }
    }
    if (found == null) {
      throw new RecipeRefusedException("no JUnit 4 or 5 test under src/test/java to write a regression test beside");
    }
    return found;
  }

  /** {@code import org.junit.jupiter.api.Test;} or the JUnit 4 one. */
  public String testImport() {
    return testImport;
  }

  /** The static import of one assertion method. */
  public String assertImport(String method) {
    return assertImport + method + ";";
  }

  /** A test method's annotation and signature up to its name. */
  public String methodHead() {
    return methodHead;
  }

  /** {@code assertTrue(cond, "msg")}, message last in JUnit 5 and first in JUnit 4. */
  public String assertTrue(String condition, String messageLiteral) {
    return this == JUNIT5 ? "assertTrue(" + condition + ", " + messageLiteral + ");"
        : "assertTrue(" + messageLiteral + ", " + condition + ");";
  }

  /** {@code assertEquals(expected, actual, "msg")} in the framework's argument order. */
  public String assertEquals(String expected, String actual, String messageLiteral) {
    return this == JUNIT5 ? "assertEquals(" + expected + ", " + actual + ", " + messageLiteral + ");"
        : "assertEquals(" + messageLiteral + ", " + expected + ", " + actual + ");";
  }

  /** A Java string literal. */
  public static String literal(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return out.append('"').toString();
  }
}
