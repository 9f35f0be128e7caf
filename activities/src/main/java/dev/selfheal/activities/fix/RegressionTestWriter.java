package dev.selfheal.activities.fix;

import dev.selfheal.activities.fix.recipes.JUnitStyle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the regression test of {@link RelocateVolatileResourceRecipe}: the resource loads
 * through the class, non-empty, while the old volatile location points at nothing. The source is
 * plain text in the style the repository's other tests use (see {@link TestStyle}).
 */
final class RegressionTestWriter {
  private static final Pattern STATIC_ASSERT_IMPORT =
      Pattern.compile("import\\s+static\\s+([\\w.]+)\\.(?:assert\\w*|\\*)\\s*;");
  private static final Pattern ASSERT_TRUE_SIGNATURE =
      Pattern.compile("static\\s+void\\s+assertTrue\\s*\\(\\s*boolean\\s+\\w+\\s*,\\s*String\\s+\\w+\\s*\\)");

  private RegressionTestWriter() {}

  /** How a test calls the method that used to open the volatile file; absent if it cannot. */
  record Call(String expression, String description, boolean returnsBytes) {}

  /**
   * Looks at the tracked test sources, those in {@code testPackageDir} first, and picks the
   * style they use.
   */
  static TestStyle detectStyle(Path worktree, List<String> tracked, String testPackageDir) throws IOException {
    List<String> tests = new ArrayList<>(
        tracked.stream().filter(p -> p.startsWith("src/test/java/") && p.endsWith(".java")).toList());
    // neighbours first: a repository may mix styles, the package's own wins
    tests.sort(Comparator.comparing((String p) -> !p.startsWith(testPackageDir)).thenComparing(p -> p));
    for (String path : tests) {
      String text = Files.readString(worktree.resolve(path), StandardCharsets.UTF_8);
      if (text.contains("org.junit.jupiter")) {
        return new TestStyle(TestStyle.Kind.JUNIT5, null);
      }
      if (text.contains("import org.junit.Test") || text.contains("org.junit.Assert")) {
        return new TestStyle(TestStyle.Kind.JUNIT4, null);
      }
      Matcher m = STATIC_ASSERT_IMPORT.matcher(text);
      while (m.find()) {
        String helper = m.group(1);
        if (helper.startsWith("org.") || !helper.endsWith("Assert")) {
          continue;
        }
        String helperPath = "src/test/java/" + helper.replace('.', '/') + ".java";
        if (tracked.contains(helperPath)
            && ASSERT_TRUE_SIGNATURE.matcher(Files.readString(worktree.resolve(helperPath), StandardCharsets.UTF_8)).find()) {
          return new TestStyle(TestStyle.Kind.RUNNER, helper);
        }
      }
    }
    return new TestStyle(TestStyle.Kind.PLAIN, null);
  }

  /**
   * @param pkg the package of the class under test ("" for the default package)
   * @param className the class that now loads the resource
   * @param resourceName the file name on the classpath root
   * @param volatileDefault the volatile path the class used to read
   * @param propertyKey the system property that used to override that path, or null
   * @param call how to call the loading method, if the class allows it
   */
  static String render(
      TestStyle style,
      String pkg,
      String className,
      String resourceName,
      String volatileDefault,
      String propertyKey,
      Optional<Call> call) {
    String testClass = className + "ResourceRegressionTest";
    String subject = camel(resourceName);
    StringBuilder s = new StringBuilder();
    if (!pkg.isEmpty()) {
      s.append("package ").append(pkg).append(";\n\n");
    }
    switch (style.kind()) {
      case JUNIT5 -> s.append("import static org.junit.jupiter.api.Assertions.assertTrue;\n\n");
      case JUNIT4 -> s.append("import static org.junit.Assert.assertTrue;\n\n");
      case RUNNER -> s.append("import static ").append(style.assertClass()).append(".assertTrue;\n\n");
      case PLAIN -> { }
    }
    s.append("import java.io.InputStream;\n");
    if (call.isPresent()) {
      s.append("import java.nio.file.Files;\n");
      s.append("import java.nio.file.Path;\n");
    }
    if (style.kind() == TestStyle.Kind.JUNIT5) {
      s.append("import org.junit.jupiter.api.Test;\n");
    } else if (style.kind() == TestStyle.Kind.JUNIT4) {
      s.append("import org.junit.Test;\n");
    }
    s.append("\n");
    s.append("/**\n");
    s.append(" * Regression test written by selfheal (recipe ").append(RelocateVolatileResourceRecipe.ID).append(").\n");
    s.append(" *\n");
    s.append(" * <p>").append(javadoc(className)).append(" used to read ").append(javadoc(resourceName)).append(" from\n");
    s.append(" * {@code ").append(javadoc(volatileDefault)).append("}, under a volatile directory that is\n");
    s.append(" * cleaned while the service runs. The file now ships on the classpath; loading it must not\n");
    s.append(" * need the old location.\n");
    s.append(" */\n");
    s.append("public class ").append(testClass).append(" {\n\n");

    String resourceLiteral = JUnitStyle.literal("/" + resourceName);
    method(s, style, "testLoads" + subject + "FromTheClasspath");
    s.append("    try (InputStream in = ").append(className).append(".class.getResourceAsStream(")
        .append(resourceLiteral).append(")) {\n");
    s.append("      ").append(check(style, "in != null",
        JUnitStyle.literal(resourceName + " is on the classpath next to " + className))).append("\n");
    s.append("      ").append(check(style, "in.readAllBytes().length > 0",
        JUnitStyle.literal(resourceName + " on the classpath is not empty"))).append("\n");
    s.append("    }\n");
    s.append("  }\n");

    if (call.isPresent()) {
      Call c = call.get();
      s.append("\n");
      method(s, style, "test" + className + "Loads" + subject + "WithoutTheVolatileFile");
      s.append("    Path dir = Files.createTempDirectory(").append(JUnitStyle.literal(testClass)).append(");\n");
      s.append("    Path missing = dir.resolve(").append(JUnitStyle.literal(resourceName)).append(");\n");
      if (propertyKey != null) {
        s.append("    String previous = System.getProperty(").append(JUnitStyle.literal(propertyKey)).append(");\n");
        s.append("    // the old setting now names a file that does not exist: the class must not need it\n");
        s.append("    System.setProperty(").append(JUnitStyle.literal(propertyKey)).append(", missing.toString());\n");
      }
      s.append("    try {\n");
      s.append("      ").append(check(style, "!Files.exists(missing)", "missing + \" does not exist\"")).append("\n");
      s.append("      ").append(c.returnsBytes() ? "byte[]" : "String").append(" content = ")
          .append(c.expression()).append(";\n");
      String nonEmpty = c.returnsBytes() ? "content != null && content.length > 0" : "content != null && !content.isEmpty()";
      s.append("      ").append(check(style, nonEmpty, JUnitStyle.literal(c.description() + " returns the non-empty " + resourceName)))
          .append("\n");
      s.append("    } finally {\n");
      if (propertyKey != null) {
        s.append("      if (previous == null) {\n");
        s.append("        System.clearProperty(").append(JUnitStyle.literal(propertyKey)).append(");\n");
        s.append("      } else {\n");
        s.append("        System.setProperty(").append(JUnitStyle.literal(propertyKey)).append(", previous);\n");
        s.append("      }\n");
      }
      s.append("      Files.deleteIfExists(dir);\n");
      s.append("    }\n");
      s.append("  }\n");
    }

    if (style.kind() == TestStyle.Kind.PLAIN) {
      s.append("\n");
      s.append("  private static void assertTrue(boolean condition, String message) {\n");
      s.append("    if (!condition) {\n");
      s.append("      throw new AssertionError(message);\n");
      s.append("    }\n");
      s.append("  }\n");
    }
    s.append("}\n");
    return s.toString();
  }

  private static void method(StringBuilder s, TestStyle style, String name) {
    switch (style.kind()) {
      case JUNIT5 -> s.append("  @Test\n  void ").append(name).append("() throws Exception {\n");
      case JUNIT4 -> s.append("  @Test\n  public void ").append(name).append("() throws Exception {\n");
      case RUNNER, PLAIN -> s.append("  public void ").append(name).append("() throws Exception {\n");
    }
  }

  private static String check(TestStyle style, String condition, String messageExpression) {
    return style.kind() == TestStyle.Kind.JUNIT4
        ? "assertTrue(" + messageExpression + ", " + condition + ");"
        : "assertTrue(" + condition + ", " + messageExpression + ");";
  }

  /** {@code report-template.html} becomes {@code ReportTemplateHtml}, for method names. */
  static String camel(String name) {
    StringBuilder out = new StringBuilder();
    boolean upper = true;
    for (char c : name.toCharArray()) {
      if (Character.isLetterOrDigit(c)) {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      } else {
        upper = true;
      }
    }
    String result = out.toString();
    return result.isEmpty() || Character.isDigit(result.charAt(0)) ? "Resource" + result : result;
  }

  /** Text that cannot end a javadoc comment early. */
  private static String javadoc(String text) {
    return text.replace("*/", "*&#47;").replace("}", "&#125;");
  }
}
