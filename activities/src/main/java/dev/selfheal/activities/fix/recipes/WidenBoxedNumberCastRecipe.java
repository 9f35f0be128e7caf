package dev.selfheal.activities.fix.recipes;

import dev.selfheal.activities.fix.FixRecipe;
import dev.selfheal.activities.fix.RecipeRefusedException;
import dev.selfheal.activities.logs.LogRecord;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.RootCause;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code class java.lang.Integer cannot be cast to class java.lang.Long} at a frame of the
 * service: an {@code Object} from a parsed map is cast to one boxed width while the parser
 * produced another. At the failing line, {@code (Long) expr} becomes
 * {@code ((Number) expr).longValue()}, which accepts every width; the regression test calls the
 * method with the narrower kind.
 */
public final class WidenBoxedNumberCastRecipe implements FixRecipe {
  public static final String ID = "widen-boxed-number-cast";
  private static final Map<String, String> CONVERSION = Map.of(
      "Short", "shortValue", "Integer", "intValue", "Long", "longValue", "Float", "floatValue", "Double", "doubleValue");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean applies(Diagnosis diagnosis) {
    RootCause cause = diagnosis == null ? null : diagnosis.rootCause();
    return cause != null && "ClassCastException".equals(LogRecord.simpleName(cause.errorType()))
        && cause.file() != null && cause.file().endsWith(".java") && cause.line() != null
        && TypeErrorTests.boxedCast(cause.message()).isPresent();
  }

  @Override
  public List<String> apply(Path worktree, Diagnosis diagnosis) throws IOException {
    RootCause cause = diagnosis.rootCause();
    String[] types = TypeErrorTests.boxedCast(cause.message())
        .orElseThrow(() -> new RecipeRefusedException("the root cause message is not a boxed-number cast error: " + cause.message()));
    String from = types[0];
    String to = types[1];
    if (cause.line() == null) {
      throw new RecipeRefusedException("the diagnosis names no line of " + cause.file());
    }
    RepoFiles files = RepoFiles.of(worktree);
    String path = files.resolve(cause.file());
    String source = files.read(path);
    int start = JavaBlocks.lineStart(source, cause.line());
    if (start < 0) {
      throw new RecipeRefusedException(path + " has no line " + cause.line());
    }
    int end = source.indexOf('\n', start);
    String line = source.substring(start, end < 0 ? source.length() : end);
    Matcher cast = Pattern.compile("\\(\\s*(?:java\\.lang\\.)?" + to + "\\s*\\)\\s*([\\w$]+(?:\\.[\\w$]+(?:\\(\\s*\\))?)*)").matcher(line);
    if (!cast.find()) {
      throw new RecipeRefusedException(path + ":" + cause.line() + " has no cast to " + to + " (found: " + line.strip() + ")");
    }
    int castStart = cast.start();
    String expr = cast.group(1);
    String replacement = "((Number) " + expr + ")." + CONVERSION.get(to) + "()";
    String fixedLine = line.substring(0, castStart) + replacement + line.substring(cast.end());
    if (cast.find()) {
      throw new RecipeRefusedException(path + ":" + cause.line() + " casts to " + to + " more than once; cannot tell which one failed");
    }
    String fixed = source.substring(0, start) + fixedLine + source.substring(start + line.length());

    JavaBlocks.Method method = JavaBlocks.enclosingMethod(source, start)
        .orElseThrow(() -> new RecipeRefusedException(path + ":" + cause.line() + " is in no method a test could call"));
    String pkg = RepoFiles.javaPackage(source);
    String className = path.substring(path.lastIndexOf('/') + 1, path.length() - 5);
    String testDir = RepoFiles.javaTestDir(path, pkg);
    String testPath = testDir + className + "NumberCastRegressionTest.java";
    String test = TypeErrorTests.boxedCastTest(JUnitStyle.detect(files, testDir), ID, pkg, className, source, method, from, to);

    files.write(path, fixed);
    files.create(testPath, test);
    return List.of(path, testPath);
  }
}
