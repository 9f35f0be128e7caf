package dev.selfheal.activities.fix.recipes;

import dev.selfheal.activities.fix.FixRecipe;
import dev.selfheal.activities.fix.RecipeRefusedException;
import dev.selfheal.activities.logs.LogRecord;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.RootCause;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The connection pool is exhausted ({@code Connection is not available, request timed out}):
 * connections are borrowed and not returned. The repair finds the service's connection borrowed
 * outside try-with-resources ({@code Connection c = ds.getConnection();} with a plain
 * {@code c.close()} that an exception or a client disconnect skips) and turns the rest of its
 * block into {@code try (Connection c = ds.getConnection()) { ... }}.
 *
 * <p>The pool's timeout names no code, so the leak is located in the repository: in the root
 * cause file when the diagnosis has one and it borrows a connection that way, otherwise the one
 * and only such borrow in the main sources. Several candidates are refused, not guessed.
 *
 * <p>The regression test hands the class a {@code DataSource} whose statements fail to execute
 * and checks every borrowed connection was closed.
 */
public final class CloseLeakedJdbcConnectionRecipe implements FixRecipe {
  public static final String ID = "close-leaked-jdbc-connection";

  private static final Set<String> ERROR_TYPES = Set.of("SQLTransientConnectionException");
  private static final Pattern BORROW = Pattern.compile(
      "(?m)^([ \\t]*)(?:final\\s+)?((?:java\\.sql\\.)?Connection)\\s+([A-Za-z_$][\\w$]*)\\s*=\\s*([\\w$.]+\\.getConnection\\(\\s*\\))\\s*;[ \\t]*\\r?\\n");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean applies(Diagnosis diagnosis) {
    RootCause cause = diagnosis == null ? null : diagnosis.rootCause();
    return cause != null && ERROR_TYPES.contains(LogRecord.simpleName(cause.errorType()));
  }

  /** One borrow outside try-with-resources. */
  private record Borrow(String path, String source, int start, JavaBlocks.Method method) {}

  @Override
  public List<String> apply(Path worktree, Diagnosis diagnosis) throws IOException {
    RepoFiles files = RepoFiles.of(worktree);
    RootCause cause = diagnosis.rootCause();
    List<Borrow> borrows = new ArrayList<>();
    String rootFile = null;
    if (cause.file() != null) {
      try {
        rootFile = files.resolve(cause.file());
      } catch (RecipeRefusedException e) {
        rootFile = null; // the pool's frame is often a framework's: look at the whole repository
      }
    }
    for (String path : files.tracked()) {
      if (path.endsWith(".java") && path.contains("src/main/java/")) {
        borrows.addAll(borrows(path, files.read(path)));
      }
    }
    String root = rootFile;
    if (root != null && borrows.stream().anyMatch(b -> b.path().equals(root))) {
      borrows = borrows.stream().filter(b -> b.path().equals(root)).toList();
    }
    if (borrows.isEmpty()) {
      throw new RecipeRefusedException("no JDBC connection borrowed outside try-with-resources (expected "
          + "`Connection c = dataSource.getConnection();` in src/main/java); the pool leak is elsewhere");
    }
    if (borrows.size() > 1) {
      throw new RecipeRefusedException(borrows.size() + " connections are borrowed outside try-with-resources ("
          + String.join(", ", borrows.stream().map(b -> b.path() + " " + b.method().name() + "()").toList())
          + "); cannot tell which one leaks");
    }
    Borrow borrow = borrows.get(0);
    String fixed = wrap(borrow);

    String source = borrow.source();
    String pkg = RepoFiles.javaPackage(source);
    String className = borrow.path().substring(borrow.path().lastIndexOf('/') + 1, borrow.path().length() - 5);
    String testDir = RepoFiles.javaTestDir(borrow.path(), pkg);
    JUnitStyle style = JUnitStyle.detect(files, testDir);
    String testPath = testDir + className + "ConnectionLeakRegressionTest.java";
    String test = test(style, pkg, className, source, borrow.method());

    files.write(borrow.path(), fixed);
    files.create(testPath, test);
    return List.of(borrow.path(), testPath);
  }

  private static List<Borrow> borrows(String path, String source) {
    List<Borrow> out = new ArrayList<>();
    boolean sqlConnection = source.contains("import java.sql.Connection;") || source.contains("import java.sql.*;");
    Matcher m = BORROW.matcher(source);
    while (m.find()) {
      if (!sqlConnection && !m.group(2).startsWith("java.sql.")) {
        continue;
      }
      int end = JavaBlocks.closingBrace(source, m.end());
      String rest = end < 0 ? "" : source.substring(m.end(), end);
      // closed in a finally, or handed out (returned) to a caller who closes it: not this leak
      if (end < 0 || rest.contains("finally") || Pattern.compile("\\breturn\\s+" + Pattern.quote(m.group(3)) + "\\s*;").matcher(rest).find()) {
        continue;
      }
      int start = m.start();
      JavaBlocks.enclosingMethod(source, start).ifPresent(method -> out.add(new Borrow(path, source, start, method)));
    }
    return out;
  }

  /** {@code Connection c = x.getConnection();} and the rest of its block become a try-with-resources; {@code c.close();} goes. */
  private static String wrap(Borrow b) {
    String source = b.source();
    Matcher m = BORROW.matcher(source);
    m.find(b.start());
    String indent = m.group(1);
    String unit = RepoFiles.indentUnit(source);
    String var = m.group(3);
    int end = JavaBlocks.closingBrace(source, m.end());
    int lastLineEnd = source.lastIndexOf('\n', end) + 1; // the closing brace's line starts here
    String body = source.substring(m.end(), lastLineEnd);
    StringBuilder inner = new StringBuilder();
    Pattern close = Pattern.compile("^[ \\t]*" + Pattern.quote(var) + "\\.close\\(\\)\\s*;[ \\t]*$");
    for (String line : body.split("\n", -1)) {
      if (close.matcher(line).matches()) {
        continue;
      }
      inner.append(line.isBlank() ? line : unit + line).append('\n');
    }
    // split leaves one empty tail after the final newline
    String wrapped = inner.substring(0, inner.length() - 1);
    return source.substring(0, m.start())
        + indent + "try (" + m.group(2) + " " + var + " = " + m.group(4) + ") {\n"
        + wrapped
        + indent + "}\n"
        + source.substring(lastLineEnd);
  }

  private static String test(JUnitStyle style, String pkg, String className, String source, JavaBlocks.Method method) {
    if (method.isStatic()) {
      throw new RecipeRefusedException(className + "." + method.name() + "() is static; the test needs an instance built on a DataSource");
    }
    if (!Pattern.compile("\\b" + Pattern.quote(className) + "\\s*\\(\\s*(?:final\\s+)?(?:javax\\.sql\\.)?DataSource\\s+\\w+\\s*\\)").matcher(source).find()) {
      throw new RecipeRefusedException(className + " has no constructor taking just a DataSource; the test cannot hand it one that fails");
    }
    List<String> args = new ArrayList<>();
    List<String> imports = new ArrayList<>();
    for (String param : splitParams(method.params())) {
      String type = param.replaceAll("@\\w+\\s*", "").replaceAll("\\bfinal\\s+", "").strip();
      type = type.substring(0, type.lastIndexOf(' ')).strip();
      args.add(argument(type, source, imports));
    }
    String testClass = className + "ConnectionLeakRegressionTest";
    StringBuilder s = new StringBuilder();
    if (!pkg.isEmpty()) {
      s.append("package ").append(pkg).append(";\n\n");
    }
    s.append(style.assertImport("assertEquals")).append("\n");
    s.append(style.assertImport("assertTrue")).append("\n\n");
    List<String> all = new ArrayList<>(List.of("java.lang.reflect.Proxy", "java.sql.Connection", "java.sql.SQLException",
        "java.util.concurrent.atomic.AtomicInteger", "javax.sql.DataSource"));
    imports.stream().filter(i -> !all.contains(i)).forEach(all::add);
    all.stream().sorted().forEach(i -> s.append("import ").append(i).append(";\n"));
    s.append(style.testImport()).append("\n\n");
    s.append("/**\n");
    s.append(" * Regression test written by selfheal (recipe ").append(ID).append(").\n");
    s.append(" *\n");
    s.append(" * <p>").append(className).append('.').append(method.name())
        .append(" did not return its JDBC connection when the work failed half way\n");
    s.append(" * (a client disconnect, a SQL error), and the pool ran dry. Here every statement fails.\n");
    s.append(" */\n");
    s.append("public class ").append(testClass).append(" {\n");
    s.append("  private final AtomicInteger borrowed = new AtomicInteger();\n");
    s.append("  private final AtomicInteger returned = new AtomicInteger();\n\n");
    s.append(style.methodHead()).append(method.name()).append("ReturnsItsConnectionWhenTheQueryFails() throws Exception {\n");
    s.append("    ").append(className).append(" subject = new ").append(className).append("(failingDataSource());\n");
    s.append("    try {\n");
    s.append("      subject.").append(method.name()).append("(").append(String.join(", ", args)).append(");\n");
    s.append("    } catch (Exception expected) {\n");
    s.append("      // the injected SQL failure, as thrown or wrapped\n");
    s.append("    }\n");
    s.append("    ").append(style.assertTrue("borrowed.get() > 0",
        JUnitStyle.literal(method.name() + " borrows a connection"))).append("\n");
    s.append("    ").append(style.assertEquals("borrowed.get()", "returned.get()",
        JUnitStyle.literal("every connection " + method.name() + " borrowed is closed after the failure"))).append("\n");
    s.append("  }\n\n");
    s.append("  /** Connections count their close(); their statements fail to execute. */\n");
    s.append("  private DataSource failingDataSource() {\n");
    s.append("    return proxy(DataSource.class, (name, args) -> {\n");
    s.append("      if (name.equals(\"getConnection\")) {\n");
    s.append("        borrowed.incrementAndGet();\n");
    s.append("        return connection();\n");
    s.append("      }\n");
    s.append("      return null;\n");
    s.append("    });\n");
    s.append("  }\n\n");
    s.append("  private Connection connection() {\n");
    s.append("    boolean[] closed = {false};\n");
    s.append("    return proxy(Connection.class, (name, args) -> {\n");
    s.append("      switch (name) {\n");
    s.append("        case \"close\":\n");
    s.append("          if (!closed[0]) {\n");
    s.append("            closed[0] = true;\n");
    s.append("            returned.incrementAndGet();\n");
    s.append("          }\n");
    s.append("          return null;\n");
    s.append("        case \"isClosed\":\n");
    s.append("          return closed[0];\n");
    s.append("        case \"prepareStatement\":\n");
    s.append("        case \"createStatement\":\n");
    s.append("        case \"prepareCall\":\n");
    s.append("          return statement(((java.lang.reflect.Method) args[0]).getReturnType());\n");
    s.append("        default:\n");
    s.append("          return null;\n");
    s.append("      }\n");
    s.append("    });\n");
    s.append("  }\n\n");
    s.append("  private Object statement(Class<?> type) {\n");
    s.append("    return proxy(type, (name, args) -> {\n");
    s.append("      if (name.startsWith(\"execute\")) {\n");
    s.append("        throw new SQLException(\"injected by the regression test: the database call fails\");\n");
    s.append("      }\n");
    s.append("      return null;\n");
    s.append("    });\n");
    s.append("  }\n\n");
    s.append("  /** What a proxied method does, by name; args[0] is the Method itself, the call's arguments follow. */\n");
    s.append("  private interface Behaviour {\n");
    s.append("    Object answer(String name, Object[] args) throws Exception;\n");
    s.append("  }\n\n");
    s.append("  private static <T> T proxy(Class<T> type, Behaviour behaviour) {\n");
    s.append("    Object p = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {\n");
    s.append("      switch (method.getName()) {\n");
    s.append("        case \"toString\":\n");
    s.append("          return type.getSimpleName() + \" for the regression test\";\n");
    s.append("        case \"hashCode\":\n");
    s.append("          return System.identityHashCode(self);\n");
    s.append("        case \"equals\":\n");
    s.append("          return self == args[0];\n");
    s.append("        default:\n");
    s.append("          break;\n");
    s.append("      }\n");
    s.append("      Object[] all = new Object[(args == null ? 0 : args.length) + 1];\n");
    s.append("      all[0] = method;\n");
    s.append("      if (args != null) {\n");
    s.append("        System.arraycopy(args, 0, all, 1, args.length);\n");
    s.append("      }\n");
    s.append("      Object answer = behaviour.answer(method.getName(), all);\n");
    s.append("      Class<?> r = method.getReturnType();\n");
    s.append("      if (answer != null || !r.isPrimitive() || r == void.class) {\n");
    s.append("        return answer;\n");
    s.append("      }\n");
    s.append("      return r == boolean.class ? (Object) false : r == char.class ? (Object) '\\0'\n");
    s.append("          : r == long.class ? (Object) 0L : r == double.class ? (Object) 0d : r == float.class ? (Object) 0f\n");
    s.append("          : r == short.class ? (Object) (short) 0 : r == byte.class ? (Object) (byte) 0 : (Object) 0;\n");
    s.append("    });\n");
    s.append("    return type.cast(p);\n");
    s.append("  }\n");
    s.append("}\n");
    return s.toString();
  }

  /** A harmless argument of a parameter type; types it cannot make are refused. */
  private static String argument(String type, String source, List<String> imports) {
    String simple = type.contains("<") ? type.substring(0, type.indexOf('<')) : type;
    simple = simple.substring(simple.lastIndexOf('.') + 1);
    switch (simple) {
      case "int", "long", "short", "byte", "double", "float":
        return "0";
      case "boolean":
        return "false";
      case "String", "CharSequence":
        return "\"x\"";
      case "LocalDate":
        imports.add("java.time.LocalDate");
        return "LocalDate.of(2024, 1, 1)";
      case "LocalDateTime":
        imports.add("java.time.LocalDateTime");
        return "LocalDateTime.of(2024, 1, 1, 0, 0)";
      case "Instant":
        imports.add("java.time.Instant");
        return "Instant.EPOCH";
      case "Writer", "StringWriter":
        imports.add("java.io.StringWriter");
        return "new StringWriter()";
      case "OutputStream", "ByteArrayOutputStream":
        imports.add("java.io.ByteArrayOutputStream");
        return "new ByteArrayOutputStream()";
      case "List", "Collection", "Iterable":
        imports.add("java.util.List");
        return "List.of()";
      case "Map":
        imports.add("java.util.Map");
        return "Map.of()";
      default:
        throw new RecipeRefusedException("cannot make a test argument of type " + type + "; no regression test can call the method");
    }
  }

  private static List<String> splitParams(String params) {
    List<String> out = new ArrayList<>();
    if (params.isBlank()) {
      return out;
    }
    int depth = 0;
    int start = 0;
    for (int i = 0; i < params.length(); i++) {
      char c = params.charAt(i);
      if (c == '<') {
        depth++;
      } else if (c == '>') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(params.substring(start, i));
        start = i + 1;
      }
    }
    out.add(params.substring(start));
    return out;
  }
}
