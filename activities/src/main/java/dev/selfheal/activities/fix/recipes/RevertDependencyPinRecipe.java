package dev.selfheal.activities.fix.recipes;

import dev.selfheal.activities.fix.FixRecipe;
import dev.selfheal.activities.fix.RecipeRefusedException;
import dev.selfheal.activities.logs.LogRecord;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.RootCause;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A linkage error (a method or class the code was compiled against is missing at run time, or
 * Python's {@code cannot import name}) after a dependency pin changed: the pin goes back to the
 * version it had before its latest change in git history. Build files read: {@code pom.xml}
 * ({@code <dependency>} versions, literal or {@code ${property}}) and {@code requirements.txt}
 * ({@code name==version}).
 *
 * <p>Which pin: one whose latest change is in the file's history and that owns the missing
 * class (its groupId is a prefix of the class's package, or the other way round) or the module
 * Python could not import from. Exactly one must fit. The regression test looks the missing
 * member up (Java) or imports the name (Python).
 */
public final class RevertDependencyPinRecipe implements FixRecipe {
  public static final String ID = "revert-dependency-pin";
  private static final Set<String> JAVA_ERRORS = Set.of(
      "NoSuchMethodError", "NoClassDefFoundError", "AbstractMethodError", "IncompatibleClassChangeError", "NoSuchFieldError");
  private static final Pattern PY_IMPORT = Pattern.compile("cannot import name '([\\w.]+)' from '([\\w.]+)'");
  private static final Pattern DEPENDENCY = Pattern.compile("(?s)<dependency>(.*?)</dependency>");
  private static final Pattern REQUIREMENT = Pattern.compile("(?m)^([A-Za-z0-9][A-Za-z0-9._-]*)(\\[[^\\]]*\\])?\\s*==\\s*([^\\s;#]+)");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean applies(Diagnosis diagnosis) {
    RootCause cause = diagnosis == null ? null : diagnosis.rootCause();
    if (cause == null || cause.message() == null) {
      return false;
    }
    String type = LogRecord.simpleName(cause.errorType());
    return (JAVA_ERRORS.contains(type) && TypeErrorTests.isLinkage(cause.message()))
        || (("ImportError".equals(type)) && PY_IMPORT.matcher(cause.message()).find());
  }

  /** One pin's latest change. */
  private record Pin(String file, String name, String before, String now, String commit) {}

  @Override
  public List<String> apply(Path worktree, Diagnosis diagnosis) throws IOException {
    RootCause cause = diagnosis.rootCause();
    RepoFiles files = RepoFiles.of(worktree);
    Matcher py = PY_IMPORT.matcher(cause.message());
    boolean python = "ImportError".equals(LogRecord.simpleName(cause.errorType())) && py.find();
    String owner = python ? py.group(2).split("\\.")[0] : TypeErrorTests.linkedClass(cause.message())
        .orElseThrow(() -> new RecipeRefusedException("the error names no missing class: " + cause.message()));
    String manifestName = python ? "requirements.txt" : "pom.xml";

    List<Pin> fits = new ArrayList<>();
    for (String manifest : files.tracked()) {
      if (!(manifest.equals(manifestName) || manifest.endsWith("/" + manifestName))) {
        continue;
      }
      List<FileHistory.Version> history = FileHistory.of(files, manifest);
      Map<String, String> now = pins(manifest, files.read(manifest));
      // walk back: the first earlier version where a pin differs from now is that pin's latest change
      Map<String, Pin> changed = new LinkedHashMap<>();
      for (int i = 0; i + 1 < history.size(); i++) {
        FileHistory.Version newer = history.get(i);
        FileHistory.Version older = history.get(i + 1);
        if (newer.text() == null || older.text() == null) {
          continue;
        }
        Map<String, String> a = pins(manifest, older.text());
        Map<String, String> b = pins(manifest, newer.text());
        for (Map.Entry<String, String> e : b.entrySet()) {
          String was = a.get(e.getKey());
          if (was != null && !was.equals(e.getValue()) && e.getValue().equals(now.get(e.getKey()))) {
            changed.putIfAbsent(e.getKey(), new Pin(manifest, e.getKey(), was, e.getValue(), newer.commit()));
          }
        }
      }
      for (Pin pin : changed.values()) {
        if (owns(pin.name(), owner, python)) {
          fits.add(pin);
        }
      }
    }
    if (fits.isEmpty()) {
      throw new RecipeRefusedException("no pin in a tracked " + manifestName + " that owns " + owner
          + " changed in the history; the missing member is not explained by a version bump");
    }
    if (fits.size() > 1) {
      throw new RecipeRefusedException("several changed pins could own " + owner + ": "
          + fits.stream().map(p -> p.file() + " " + p.name() + " " + p.before() + "→" + p.now()).toList());
    }
    Pin pin = fits.get(0);
    String text = files.read(pin.file());
    String fixed = python ? revertRequirement(text, pin) : revertPom(text, pin);

    String testPath;
    String test;
    if (python) {
      String dir = files.tracked().stream().filter(p -> p.startsWith("tests/") && p.endsWith(".py")).findFirst()
          .map(p -> p.substring(0, p.lastIndexOf('/') + 1)).orElse("tests/");
      testPath = dir + "test_" + py.group(2).replace('.', '_') + "_pin.py";
      test = pythonTest(py.group(2), py.group(1), pin);
    } else {
      String module = pin.file().contains("/") ? pin.file().substring(0, pin.file().lastIndexOf('/') + 1) : "";
      String pkg = "";
      String testDir = module + "src/test/java/";
      if (cause.file() != null && cause.file().endsWith(".java")) {
        try {
          String path = files.resolve(cause.file());
          pkg = RepoFiles.javaPackage(files.read(path));
          testDir = RepoFiles.javaTestDir(path, pkg);
        } catch (RecipeRefusedException e) {
          pkg = ""; // the frame is in a library: the test goes to the default package
        }
      }
      String simple = owner.substring(owner.lastIndexOf('.') + 1).replace('$', '_');
      String testClass = simple + "LinkageRegressionTest";
      testPath = testDir + testClass + ".java";
      test = TypeErrorTests.linkageTest(JUnitStyle.detect(files, testDir), ID, pkg, testClass, cause.message());
    }
    files.write(pin.file(), fixed);
    files.create(testPath, test);
    return List.of(pin.file(), testPath);
  }

  /** groupId:artifactId → version (properties resolved), or name → version for requirements. */
  static Map<String, String> pins(String manifest, String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (manifest.endsWith("requirements.txt")) {
      Matcher m = REQUIREMENT.matcher(text);
      while (m.find()) {
        out.put(normalise(m.group(1)), m.group(3));
      }
      return out;
    }
    Matcher d = DEPENDENCY.matcher(text);
    while (d.find()) {
      String block = d.group(1);
      String group = tag(block, "groupId");
      String artifact = tag(block, "artifactId");
      String version = tag(block, "version");
      if (group == null || artifact == null || version == null) {
        continue;
      }
      if (version.startsWith("${") && version.endsWith("}")) {
        String resolved = tag(text, version.substring(2, version.length() - 1));
        if (resolved == null) {
          continue;
        }
        version = resolved;
      }
      out.put(group + ":" + artifact, version);
    }
    return out;
  }

  private static String tag(String text, String name) {
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">\\s*([^<\\s]+)\\s*</" + Pattern.quote(name) + ">").matcher(text);
    return m.find() ? m.group(1) : null;
  }

  private static boolean owns(String pin, String owner, boolean python) {
    if (python) {
      return normalise(pin).equals(normalise(owner)) || normalise(pin).equals("python-" + normalise(owner));
    }
    String group = pin.substring(0, pin.indexOf(':'));
    String pkg = owner.contains(".") ? owner.substring(0, owner.lastIndexOf('.')) : owner;
    return pkg.equals(group) || pkg.startsWith(group + ".") || group.startsWith(pkg + ".");
  }

  private static String normalise(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-').replace('.', '-');
  }

  private static String revertPom(String text, Pin pin) {
    String group = pin.name().substring(0, pin.name().indexOf(':'));
    String artifact = pin.name().substring(pin.name().indexOf(':') + 1);
    Matcher d = DEPENDENCY.matcher(text);
    while (d.find()) {
      String block = d.group(1);
      if (!group.equals(tag(block, "groupId")) || !artifact.equals(tag(block, "artifactId"))) {
        continue;
      }
      String version = tag(block, "version");
      if (version.startsWith("${")) {
        String property = version.substring(2, version.length() - 1);
        return replaceTag(text, 0, text.length(), property, pin.now(), pin.before());
      }
      return replaceTag(text, d.start(1), d.end(1), "version", pin.now(), pin.before());
    }
    throw new RecipeRefusedException(pin.file() + " no longer declares " + pin.name());
  }

  private static String replaceTag(String text, int from, int to, String tag, String now, String before) {
    Matcher m = Pattern.compile("<" + Pattern.quote(tag) + ">\\s*" + Pattern.quote(now) + "\\s*</" + Pattern.quote(tag) + ">")
        .matcher(text).region(from, to);
    if (!m.find()) {
      throw new RecipeRefusedException("<" + tag + ">" + now + "</" + tag + "> not found where expected");
    }
    return text.substring(0, m.start()) + "<" + tag + ">" + before + "</" + tag + ">" + text.substring(m.end());
  }

  private static String revertRequirement(String text, Pin pin) {
    Matcher m = REQUIREMENT.matcher(text);
    while (m.find()) {
      if (normalise(m.group(1)).equals(pin.name())) {
        return text.substring(0, m.start(3)) + pin.before() + text.substring(m.end(3));
      }
    }
    throw new RecipeRefusedException(pin.file() + " no longer pins " + pin.name());
  }

  private static String pythonTest(String module, String name, Pin pin) {
    return "\"\"\"Regression test written by selfheal (recipe " + ID + ").\n\n"
        + "Importing " + name + " from " + module + " failed after " + pin.name() + " went from " + pin.before()
        + " to " + pin.now() + ".\n\"\"\"\n"
        + "import importlib\nimport unittest\n\n\n"
        + "class " + Character.toUpperCase(module.charAt(0)) + module.substring(1).replace('.', '_') + "PinTest(unittest.TestCase):\n"
        + "    def test_" + name.toLowerCase(Locale.ROOT) + "_is_importable(self):\n"
        + "        mod = importlib.import_module(\"" + module + "\")\n"
        + "        self.assertTrue(hasattr(mod, \"" + name + "\"), \"" + module + " has no " + name + "\")\n\n\n"
        + "if __name__ == \"__main__\":\n    unittest.main()\n";
  }
}
