package dev.selfheal.activities.fix;

import dev.selfheal.activities.fix.recipes.RepoFiles;
import dev.selfheal.workflows.messages.values.RootCause;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link RelocateVolatileResourceRecipe} for a Python module: module-level constants such as
 * {@code TEMPLATE_PATH = "/tmp/templates/report.html"} become paths relative to the module that
 * point at the file's versioned copy in the repository; a deploy script that copied the files to
 * the volatile directory copies them next to the deployed package instead; a unittest (or pytest)
 * test checks every such constant names a shipped, non-empty file outside volatile directories.
 * The files stay where the repository keeps them, so tests that already find them there still do.
 */
final class PythonVolatileResource {
  static final String ERROR_TYPE = "FileNotFoundError";
  static final String MODULE_DIR = "_MODULE_DIR";

  private static final Pattern VOLATILE_PATH = Pattern.compile("(?<![\\w./-])(/(?:tmp|var/tmp|dev/shm)/[^\\s'\"`)\\]]+)");
  private static final Pattern CONSTANT =
      Pattern.compile("(?m)^([A-Z_][A-Z0-9_]*)[ \\t]*=[ \\t]*(['\"])(/(?:tmp|var/tmp|dev/shm)/[^'\"\\\\\\n]+)\\2[ \\t]*$");
  private static final Pattern IMPORT_LINE = Pattern.compile("(?m)^(?:import|from)\\s+\\S+");

  private PythonVolatileResource() {}

  static List<String> apply(RepoFiles files, RootCause cause) throws IOException {
    Matcher missingMatch = VOLATILE_PATH.matcher(cause.message());
    if (!missingMatch.find()) {
      throw new RecipeRefusedException(
          "the root cause message names no missing file under a volatile directory (" + String.join(", ",
              RelocateVolatileResourceRecipe.VOLATILE_DIRS) + "): " + cause.message());
    }
    String missing = missingMatch.group(1);
    String volatileDir = missing.substring(0, missing.lastIndexOf('/'));
    String module = files.resolve(cause.file());
    if (!module.endsWith(".py")) {
      throw new RecipeRefusedException("the root cause file " + module + " is not a Python module");
    }
    String source = files.read(module);
    if (source.contains(MODULE_DIR)) {
      throw new RecipeRefusedException(module + " already defines " + MODULE_DIR + "; refusing to shadow it");
    }

    // every module-level constant naming a file in the same volatile directory: they vanish together
    Map<String, String> constants = new LinkedHashMap<>(); // name -> versioned copy
    Matcher m = CONSTANT.matcher(source);
    boolean namesMissing = false;
    String copyDir = null;
    while (m.find()) {
      String path = m.group(3);
      if (!path.substring(0, path.lastIndexOf('/')).equals(volatileDir)) {
        continue;
      }
      namesMissing |= path.equals(missing);
      String name = path.substring(path.lastIndexOf('/') + 1);
      List<String> copies = files.tracked().stream()
          .filter(p -> p.equals(name) || p.endsWith("/" + name))
          .filter(p -> !p.endsWith(".py"))
          .toList();
      if (copies.size() != 1) {
        throw new RecipeRefusedException(copies.isEmpty()
            ? "no tracked file named " + name + "; there is no versioned copy of " + path + " to ship"
            : copies.size() + " tracked files are named " + name + " (" + String.join(", ", copies)
                + "); cannot tell which one belongs at " + path);
      }
      String dir = parent(copies.get(0));
      if (copyDir != null && !copyDir.equals(dir)) {
        throw new RecipeRefusedException("the files of " + volatileDir + " have versioned copies in different folders ("
            + copyDir + ", " + dir + "); one deploy location cannot serve them");
      }
      copyDir = dir;
      constants.put(m.group(1), copies.get(0));
    }
    if (!namesMissing) {
      throw new RecipeRefusedException(module + " has no module-level constant holding " + missing
          + " (expected NAME = \"" + missing + "\")");
    }

    String moduleDir = parent(module);
    Map<String, String> rewritten = new LinkedHashMap<>();
    rewritten.put(module, rewriteModule(source, constants, moduleDir));
    rewritten.putAll(rewriteDeployScripts(files, module, volatileDir, copyDir));

    String testPath = testPath(files, module);
    String test = regressionTest(files, module, volatileDir, new ArrayList<>(constants.keySet()));

    // all checks passed: now write
    for (Map.Entry<String, String> e : rewritten.entrySet()) {
      files.write(e.getKey(), e.getValue());
    }
    files.create(testPath, test);
    List<String> changed = new ArrayList<>(rewritten.keySet());
    changed.add(testPath);
    return changed;
  }

  private static String rewriteModule(String source, Map<String, String> constants, String moduleDir) {
    String out = source;
    boolean first = true;
    for (Map.Entry<String, String> e : constants.entrySet()) {
      Matcher m = Pattern.compile("(?m)^" + Pattern.quote(e.getKey()) + "[ \\t]*=[^\\n]*$").matcher(out);
      if (!m.find()) {
        continue;
      }
      StringBuilder join = new StringBuilder("os.path.join(" + MODULE_DIR);
      for (String part : relative(moduleDir, e.getValue()).split("/")) {
        join.append(", ").append(part.equals("..") ? "os.pardir" : '"' + part + '"');
      }
      join.append(")");
      String line = e.getKey() + " = " + join;
      if (first) {
        line = "# shipped with the code: files under /tmp and friends vanish on reboot and tmp cleanup\n"
            + MODULE_DIR + " = os.path.dirname(os.path.abspath(__file__))\n" + line;
        first = false;
      }
      out = out.substring(0, m.start()) + line + out.substring(m.end());
    }
    if (!Pattern.compile("(?m)^import os\\s*$").matcher(out).find()) {
      // into the first block of plain imports, in name order
      Matcher imp = IMPORT_LINE.matcher(out);
      int at = -1;
      int afterLast = -1;
      while (imp.find() && imp.group().startsWith("import ")) {
        if (afterLast >= 0 && imp.start() != afterLast) {
          break;
        }
        if (imp.group().substring("import ".length()).strip().compareTo("os") > 0) {
          at = imp.start();
          break;
        }
        int eol = out.indexOf('\n', imp.start());
        afterLast = eol < 0 ? out.length() : eol + 1;
      }
      if (at < 0) {
        Matcher anyImport = IMPORT_LINE.matcher(out);
        at = afterLast >= 0 ? afterLast : anyImport.find() ? anyImport.start() : 0;
      }
      out = out.substring(0, at) + "import os\n" + out.substring(at);
    }
    return out;
  }

  /**
   * Shell scripts that put files into the volatile directory put them where the deployed
   * package will find them: the script must copy the module's package somewhere
   * ({@code rsync pkg/ "$APP/pkg/"}), and that destination's parent is the deploy root.
   */
  private static Map<String, String> rewriteDeployScripts(RepoFiles files, String module, String volatileDir, String copyDir)
      throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    String pkg = parent(module);
    for (String path : files.tracked()) {
      if (path.equals(module) || isTest(path) || !(path.endsWith(".sh") || path.endsWith(".bash"))) {
        continue;
      }
      String text = files.read(path);
      if (!text.contains(volatileDir)) {
        continue;
      }
      if (pkg.isEmpty()) {
        throw new RecipeRefusedException(path + " copies files to " + volatileDir
            + " but " + module + " is in no package folder, so where it is deployed cannot be told");
      }
      String pkgName = pkg.substring(pkg.lastIndexOf('/') + 1);
      Matcher deploy = Pattern.compile("(?m)(?:^|\\s)" + Pattern.quote(pkg) + "/?\\s+(\"?)([^\\s\"]+?)/" + Pattern.quote(pkgName) + "/?\\1(?:\\s|$)")
          .matcher(text);
      if (!deploy.find()) {
        throw new RecipeRefusedException(path + " copies files to " + volatileDir + " but does not show where it deploys "
            + pkg + "/ (expected a line copying " + pkg + "/ to <root>/" + pkgName + "/)");
      }
      String root = deploy.group(2);
      String pkgParent = parent(pkg);
      String shipped = relative(pkgParent, copyDir);
      if (shipped.startsWith("..")) {
        throw new RecipeRefusedException(copyDir + " is outside the deployed folder of " + pkg + "; " + path + " cannot ship it");
      }
      out.put(path, text.replace(volatileDir, "\"" + root + (shipped.isEmpty() ? "" : "/" + shipped) + "\""));
    }
    return out;
  }

  private static String testPath(RepoFiles files, String module) {
    String dir = files.tracked().stream()
        .filter(PythonVolatileResource::isTest)
        .filter(p -> p.endsWith(".py"))
        .map(PythonVolatileResource::parent)
        .sorted()
        .findFirst()
        .orElse("tests");
    String name = module.substring(module.lastIndexOf('/') + 1, module.length() - 3);
    return (dir.isEmpty() ? "" : dir + "/") + "test_" + name + "_shipped_files.py";
  }

  private static String regressionTest(RepoFiles files, String module, String volatileDir, List<String> names)
      throws IOException {
    String dotted = importName(files, module);
    String alias = dotted.substring(dotted.lastIndexOf('.') + 1);
    boolean pytestStyle = usesPytestStyle(files);
    StringBuilder s = new StringBuilder();
    s.append("\"\"\"Regression test written by selfheal (recipe ").append(RelocateVolatileResourceRecipe.ID).append(").\n\n");
    s.append(module).append(" read files from ").append(volatileDir)
        .append("/, which reboots (tmpfs) and tmp\ncleaners empty while the service runs; they now ship with the code.\n\"\"\"\n");
    s.append("import os\n");
    if (!pytestStyle) {
      s.append("import unittest\n");
    }
    s.append("\n");
    s.append(dotted.contains(".") ? "from " + dotted.substring(0, dotted.lastIndexOf('.')) + " import " + alias : "import " + alias)
        .append("\n\n");
    int levels = dotted.split("\\.").length;
    s.append("# the folder the code ships in: the parent of its top-level package\n");
    s.append("CODE_ROOT = ").append("os.path.dirname(".repeat(levels)).append("os.path.realpath(").append(alias)
        .append(".__file__)").append(")".repeat(levels)).append("\n\n\n");
    if (pytestStyle) {
      for (String name : names) {
        s.append("def test_").append(name.toLowerCase()).append("_ships_with_the_code():\n");
        s.append("    path = ").append(alias).append('.').append(name).append("\n");
        s.append("    assert os.path.commonpath([os.path.realpath(path), CODE_ROOT]) == CODE_ROOT, \"").append(name)
            .append(" is not shipped with the code: \" + path\n");
        s.append("    assert os.path.isfile(path), \"").append(name).append(" names no shipped file: \" + path\n");
        s.append("    with open(path, encoding=\"utf-8\") as fh:\n");
        s.append("        assert fh.read().strip(), \"").append(name).append(" names an empty file: \" + path\n\n\n");
      }
      return s.toString().stripTrailing() + "\n";
    }
    s.append("class ").append(camel(alias)).append("ShippedFilesTest(unittest.TestCase):\n");
    for (String name : names) {
      s.append("    def test_").append(name.toLowerCase()).append("_ships_with_the_code(self):\n");
      s.append("        self.assert_shipped(\"").append(name).append("\", ").append(alias).append('.').append(name).append(")\n\n");
    }
    s.append("    def assert_shipped(self, name, path):\n");
    s.append("        self.assertEqual(os.path.commonpath([os.path.realpath(path), CODE_ROOT]), CODE_ROOT,\n");
    s.append("                         f\"{name} is not shipped with the code: {path}\")\n");
    s.append("        self.assertTrue(os.path.isfile(path), f\"{name} names no shipped file: {path}\")\n");
    s.append("        with open(path, encoding=\"utf-8\") as fh:\n");
    s.append("            self.assertTrue(fh.read().strip(), f\"{name} names an empty file: {path}\")\n\n\n");
    s.append("if __name__ == \"__main__\":\n    unittest.main()\n");
    return s.toString();
  }

  /** pytest style when the repository's tests are plain functions and none uses unittest. */
  private static boolean usesPytestStyle(RepoFiles files) throws IOException {
    boolean any = false;
    for (String p : files.tracked()) {
      if (isTest(p) && p.endsWith(".py")) {
        String text = files.read(p);
        if (text.contains("unittest")) {
          return false;
        }
        any |= text.contains("def test_");
      }
    }
    return any;
  }

  /** The dotted module name, from the topmost folder of the package chain ({@code __init__.py} in each). */
  private static String importName(RepoFiles files, String module) {
    String dir = parent(module);
    String name = module.substring(module.lastIndexOf('/') + 1, module.length() - 3);
    while (!dir.isEmpty() && files.isTracked(dir + "/__init__.py")) {
      name = dir.substring(dir.lastIndexOf('/') + 1) + "." + name;
      dir = parent(dir);
    }
    if (!dir.isEmpty()) {
      throw new RecipeRefusedException(module + " is not importable from the repository root (no __init__.py in "
          + parent(module) + ")");
    }
    return name;
  }

  private static boolean isTest(String path) {
    String file = path.substring(path.lastIndexOf('/') + 1);
    return path.startsWith("tests/") || path.startsWith("test/") || path.contains("/tests/") || file.startsWith("test_");
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** {@code from} a folder to a file, both repo-relative, with {@code ..} steps. */
  static String relative(String fromDir, String to) {
    Path base = Path.of(fromDir.isEmpty() ? "." : fromDir).normalize();
    return base.relativize(Path.of(to).normalize()).toString().replace('\\', '/');
  }

  private static String camel(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.split("_")) {
      if (!part.isEmpty()) {
        out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return out.toString();
  }
}
