package dev.selfheal.activities.fix.recipes;

import dev.selfheal.activities.fix.RecipeRefusedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regression tests derived from a type error's message alone, shared by the recipes that fix
 * such errors in different ways (a code change, a revert, a dependency pin):
 *
 * <ul>
 *   <li>a boxed-number cast ({@code class java.lang.Integer cannot be cast to class
 *       java.lang.Long}): the method at the failing frame gets a map holding the narrower kind;
 *   <li>a linkage error ({@code NoSuchMethodError: 'void a.B.m(java.lang.String)'},
 *       {@code NoClassDefFoundError: a/B}): the member must be there, looked up by reflection.
 * </ul>
 */
public final class TypeErrorTests {
  static final Pattern BOXED_CAST = Pattern.compile(
      "class java\\.lang\\.(Byte|Short|Integer|Long|Float|Double) cannot be cast to class java\\.lang\\.(Short|Integer|Long|Float|Double)\\b");
  private static final Pattern NO_SUCH_METHOD = Pattern.compile(
      "NoSuchMethodError: '([\\w.$\\[\\]]+) ([\\w.$]+)\\.([\\w$<>]+)\\(([^)]*)\\)'");
  private static final Pattern NO_CLASS = Pattern.compile("NoClassDefFoundError: ([\\w/$.]+)");

  private TypeErrorTests() {}

  /** The source and target boxed type of a boxed-number cast error, if the message is one. */
  public static Optional<String[]> boxedCast(String message) {
    Matcher m = message == null ? null : BOXED_CAST.matcher(message);
    return m != null && m.find() ? Optional.of(new String[] {m.group(1), m.group(2)}) : Optional.empty();
  }

  /**
   * A test that calls {@code method} of {@code className} with a map (or a list of one map)
   * holding a {@code from}-typed number, where a {@code to} was cast.
   */
  public static String boxedCastTest(JUnitStyle style, String recipeId, String pkg, String className, String classSource,
      JavaBlocks.Method method, String from, String to) {
    String params = method.params().replaceAll("\\bfinal\\s+", "").replaceAll("\\s+", " ").strip();
    String value = switch (from) {
      case "Byte" -> "(byte) 7";
      case "Short" -> "(short) 7";
      case "Integer" -> "7";
      case "Long" -> "7L";
      case "Float" -> "7f";
      default -> "7d";
    };
    String map = "Map.<String, Object>of(\"selfheal\", " + value + ")";
    String argument;
    if (params.matches("(?:java\\.util\\.)?Map<String, ?Object> \\w+")) {
      argument = map;
    } else if (params.matches("(?:java\\.util\\.)?(?:List|Collection|Iterable)<(?:java\\.util\\.)?Map<String, ?Object>> \\w+")) {
      argument = "List.of(" + map + ")";
    } else {
      throw new RecipeRefusedException(className + "." + method.name() + "(" + method.params()
          + ") does not take a Map<String, Object> or a list of them; no regression test can feed it a " + from);
    }
    if (method.modifiers().contains("private")) {
      throw new RecipeRefusedException(className + "." + method.name() + " is private; a test cannot call it");
    }
    String receiver;
    if (method.isStatic()) {
      receiver = className;
    } else if (!Pattern.compile("\\b" + Pattern.quote(className) + "\\s*\\(\\s*\\)").matcher(classSource).find()
        && Pattern.compile("\\b" + Pattern.quote(className) + "\\s*\\([^)]").matcher(classSource).find()) {
      throw new RecipeRefusedException(className + " has no no-argument constructor; a test cannot make one");
    } else {
      receiver = "new " + className + "()";
    }
    boolean returnsMap = method.returnType().startsWith("Map<") || method.returnType().startsWith("java.util.Map<");
    StringBuilder s = new StringBuilder();
    if (!pkg.isEmpty()) {
      s.append("package ").append(pkg).append(";\n\n");
    }
    if (returnsMap) {
      s.append(style.assertImport("assertEquals")).append("\n\n");
    }
    s.append("import java.util.List;\n");
    s.append("import java.util.Map;\n");
    s.append(style.testImport()).append("\n\n");
    s.append("/**\n");
    s.append(" * Regression test written by selfheal (recipe ").append(recipeId).append(").\n");
    s.append(" *\n");
    s.append(" * <p>").append(className).append('.').append(method.name()).append(" cast parsed values to ").append(to)
        .append(", but a parser\n");
    s.append(" * gives ").append(from).append(" for small numbers: ClassCastException.\n");
    s.append(" */\n");
    s.append("public class ").append(className).append("NumberCastRegressionTest {\n");
    s.append(style.methodHead()).append(method.name()).append("Accepts").append(from).append("Values() {\n");
    if (returnsMap) {
      s.append("    ").append(method.returnType()).append(" result = ").append(receiver).append('.').append(method.name())
          .append('(').append(argument).append(");\n");
      s.append("    ").append(style.assertEquals("7L", "((Number) result.get(\"selfheal\")).longValue()",
          JUnitStyle.literal("a " + from + " value is counted"))).append("\n");
    } else {
      s.append("    ").append(receiver).append('.').append(method.name()).append('(').append(argument).append(");\n");
    }
    s.append("  }\n");
    s.append("}\n");
    return s.toString();
  }

  /** Whether the message is a linkage error this class can write a test for. */
  public static boolean isLinkage(String message) {
    return message != null && (NO_SUCH_METHOD.matcher(message).find() || NO_CLASS.matcher(message).find());
  }

  /** The class the linkage error names ({@code com.acme.B}), or empty. */
  public static Optional<String> linkedClass(String message) {
    if (message == null) {
      return Optional.empty();
    }
    Matcher m = NO_SUCH_METHOD.matcher(message);
    if (m.find()) {
      return Optional.of(m.group(2));
    }
    Matcher c = NO_CLASS.matcher(message);
    return c.find() ? Optional.of(c.group(1).replace('/', '.')) : Optional.empty();
  }

  /** A test that the method or class the linkage error names can be found. */
  public static String linkageTest(JUnitStyle style, String recipeId, String pkg, String testClass, String message) {
    Matcher m = NO_SUCH_METHOD.matcher(message);
    String lookup;
    String what;
    if (m.find()) {
      List<String> types = new ArrayList<>();
      for (String p : m.group(4).split(",")) {
        if (!p.isBlank()) {
          types.add(classExpression(p.strip()));
        }
      }
      lookup = "Class.forName(" + JUnitStyle.literal(m.group(2)) + ").getMethod(" + JUnitStyle.literal(m.group(3))
          + (types.isEmpty() ? "" : ", " + String.join(", ", types)) + ")";
      what = m.group(2) + "." + m.group(3) + "(" + m.group(4) + ")";
    } else {
      Matcher c = NO_CLASS.matcher(message);
      if (!c.find()) {
        throw new RecipeRefusedException("the error names no method or class a test could look up: " + message);
      }
      lookup = "Class.forName(" + JUnitStyle.literal(c.group(1).replace('/', '.')) + ")";
      what = c.group(1).replace('/', '.');
    }
    StringBuilder s = new StringBuilder();
    if (!pkg.isEmpty()) {
      s.append("package ").append(pkg).append(";\n\n");
    }
    s.append(style.testImport()).append("\n\n");
    s.append("/**\n");
    s.append(" * Regression test written by selfheal (recipe ").append(recipeId).append(").\n");
    s.append(" *\n");
    s.append(" * <p>The service failed with a linkage error: ").append(what.replace("*/", "*&#47;"))
        .append(" was not on the class path it ran with.\n");
    s.append(" */\n");
    s.append("public class ").append(testClass).append(" {\n");
    s.append(style.methodHead()).append("linksAgainstWhatTheCodeWasCompiledFor() throws Exception {\n");
    s.append("    // throws ClassNotFoundException or NoSuchMethodException when it is missing\n");
    s.append("    ").append(lookup).append(";\n");
    s.append("  }\n");
    s.append("}\n");
    return s.toString();
  }

  private static String classExpression(String type) {
    return switch (type) {
      case "int", "long", "short", "byte", "char", "boolean", "double", "float" -> type + ".class";
      default -> type.endsWith("[]")
          ? "java.lang.reflect.Array.newInstance(" + classExpression(type.substring(0, type.length() - 2)) + ", 0).getClass()"
          : "Class.forName(" + JUnitStyle.literal(type) + ")";
    };
  }
}
