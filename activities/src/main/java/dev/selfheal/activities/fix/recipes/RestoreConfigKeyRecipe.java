package dev.selfheal.activities.fix.recipes;

import dev.selfheal.activities.fix.FixRecipe;
import dev.selfheal.activities.fix.RecipeRefusedException;
import dev.selfheal.activities.logs.LogRecord;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.RootCause;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A getter of a configuration-bound class returned null ({@code because the return value of
 * "c.a.RegionSettings.getDefaultRegion()" is null}): a config push dropped the key it is bound
 * from. The repair puts the key back, with the value it last had, into the config file that
 * lost it, and pins it with a test that reads the file.
 *
 * <p>Which key: one that an earlier version of a tracked config file had and the current one
 * lacks, whose words cover the property's ({@code defaultRegion} → default, region;
 * {@code pricing.region.default} covers them), under the class's documented prefix when it has
 * one. Earlier versions come from git history, then from tracked revision copies beside the file
 * ({@code pricing.yaml.r4411}, {@code .bak}, {@code .orig}, {@code .prev}), newest first.
 * Exactly one such key must exist; anything else is refused.
 */
public final class RestoreConfigKeyRecipe implements FixRecipe {
  public static final String ID = "restore-config-key";

  private static final Pattern NULL_GETTER = Pattern.compile(
      "because the return value of \"((?:[\\w$]+\\.)*)([\\w$]+)\\.((?:get|is)([A-Z]\\w*))\\(\\)\" is null");
  private static final Pattern PREFIX = Pattern.compile(
      "(?:prefix\\s*=\\s*\"([\\w.-]+)\"|\\{@code\\s+([\\w.-]+)\\.\\*\\s*\\}|\\b([a-z][\\w-]*(?:\\.[a-z][\\w-]*)+)\\.\\*)");
  private static final Pattern REVISION_SUFFIX = Pattern.compile("\\.(?:r?(\\d+)|bak|orig|prev|old)$");
  private static final Pattern WORDS = Pattern.compile("[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean applies(Diagnosis diagnosis) {
    RootCause cause = diagnosis == null ? null : diagnosis.rootCause();
    return cause != null && cause.message() != null
        && "NullPointerException".equals(LogRecord.simpleName(cause.errorType()))
        && NULL_GETTER.matcher(cause.message()).find();
  }

  @Override
  public List<String> apply(Path worktree, Diagnosis diagnosis) throws IOException {
    RootCause cause = diagnosis.rootCause();
    Matcher m = NULL_GETTER.matcher(cause.message());
    if (!m.find()) {
      throw new RecipeRefusedException("the root cause message does not say which getter returned null: " + cause.message());
    }
    String pkg = m.group(1).isEmpty() ? "" : m.group(1).substring(0, m.group(1).length() - 1);
    String className = m.group(2);
    String getter = m.group(3);
    String property = Character.toLowerCase(m.group(4).charAt(0)) + m.group(4).substring(1);
    RepoFiles files = RepoFiles.of(worktree);
    String classPath = files.resolve((pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/") + className + ".java");
    String classSource = files.read(classPath);
    String prefix = prefix(classSource);

    // config files the class names, or all tracked ones
    List<String> configs = files.tracked().stream()
        .filter(p -> ConfigKeys.isYaml(p) || ConfigKeys.isProperties(p))
        .filter(p -> !p.contains("src/test/"))
        .toList();
    List<String> named = configs.stream().filter(classSource::contains).toList();
    if (!named.isEmpty()) {
      configs = named;
    }
    if (configs.isEmpty()) {
      throw new RecipeRefusedException("no tracked .yaml, .yml or .properties config file to restore a key of " + className + " in");
    }

    Set<String> words = words(property);
    Map<String, Restored> found = new LinkedHashMap<>();
    for (String config : configs) {
      Map<String, ConfigKeys.Entry> now = ConfigKeys.of(config, files.read(config));
      for (Earlier earlier : earlierVersions(files, config)) {
        for (Map.Entry<String, ConfigKeys.Entry> e : ConfigKeys.of(config, earlier.text()).entrySet()) {
          String key = e.getKey();
          boolean fits = !now.containsKey(key)
              && !e.getValue().value().isEmpty()
              && (prefix == null || key.startsWith(prefix + "."))
              && words(key).containsAll(words);
          if (fits) {
            found.putIfAbsent(config + "\u0000" + key, new Restored(config, key, e.getValue().value(), earlier.source()));
          }
        }
      }
    }
    if (found.isEmpty()) {
      throw new RecipeRefusedException("no earlier version of " + String.join(", ", configs) + " has a key for "
          + className + "." + getter + "() (words " + words + (prefix == null ? "" : ", under " + prefix) + ") that is missing now");
    }
    if (found.size() > 1) {
      throw new RecipeRefusedException("several removed keys could back " + className + "." + getter + "(): "
          + found.values().stream().map(r -> r.config() + ":" + r.key()).toList());
    }
    Restored restored = found.values().iterator().next();

    String text = files.read(restored.config());
    String fixed = ConfigKeys.isYaml(restored.config())
        ? insertYaml(text, restored)
        : text + (text.endsWith("\n") || text.isEmpty() ? "" : "\n") + "# restored by selfheal from " + restored.source() + "\n"
            + restored.key() + "=" + restored.value() + "\n";

    String testDir = RepoFiles.javaTestDir(classPath, pkg);
    JUnitStyle style = JUnitStyle.detect(files, testDir);
    String testPath = testDir + className + "ConfigKeyRegressionTest.java";
    String moduleRoot = classPath.contains("src/main/java/") ? classPath.substring(0, classPath.indexOf("src/main/java/")) : "";
    if (!restored.config().startsWith(moduleRoot)) {
      throw new RecipeRefusedException(restored.config() + " is outside the module of " + classPath + "; its tests cannot read it");
    }
    String test = test(style, pkg, className, getter, restored, restored.config().substring(moduleRoot.length()));

    files.write(restored.config(), fixed);
    files.create(testPath, test);
    return List.of(restored.config(), testPath);
  }

  private record Earlier(String source, String text) {}

  /** The key to restore, its last value, and which version it came from. */
  private record Restored(String config, String key, String value, String source) {}

  /** Git history first (newest first), then tracked revision copies beside the file (highest number first). */
  private static List<Earlier> earlierVersions(RepoFiles files, String config) throws IOException {
    List<Earlier> out = new ArrayList<>();
    for (FileHistory.Version v : FileHistory.of(files, config)) {
      if (v.text() != null) {
        out.add(new Earlier("commit " + v.commit().substring(0, 12) + " (" + v.subject() + ")", v.text()));
      }
    }
    List<String> copies = files.tracked().stream()
        .filter(p -> p.startsWith(config + ".") && REVISION_SUFFIX.matcher(p.substring(config.length())).matches())
        .sorted(Comparator.comparingLong((String p) -> revision(p.substring(config.length()))).reversed())
        .toList();
    for (String copy : copies) {
      out.add(new Earlier(copy, files.read(copy)));
    }
    return out;
  }

  private static long revision(String suffix) {
    Matcher m = REVISION_SUFFIX.matcher(suffix);
    return m.matches() && m.group(1) != null ? Long.parseLong(m.group(1)) : -1;
  }

  /** {@code @ConfigurationProperties(prefix = "x.y")} or a javadoc {@code {@code x.y.*}}; null when neither. */
  private static String prefix(String source) {
    Matcher m = PREFIX.matcher(source);
    if (!m.find()) {
      return null;
    }
    return m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
  }

  /** Lower-case words of a camelCase, kebab, snake or dotted name. */
  static Set<String> words(String name) {
    Set<String> out = new LinkedHashSet<>();
    for (String part : name.split("[.\\-_]")) {
      Matcher m = WORDS.matcher(part);
      while (m.find()) {
        out.add(m.group().toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  /** Puts {@code a.b.c: v} under the deepest mapping of the key that exists, as its first child. */
  static String insertYaml(String text, Restored restored) {
    Map<String, ConfigKeys.Entry> now = ConfigKeys.yaml(text);
    String[] parts = restored.key().split("\\.");
    int have = 0;
    ConfigKeys.Entry parent = null;
    for (int i = parts.length - 1; i > 0; i--) {
      ConfigKeys.Entry e = now.get(String.join(".", Arrays.copyOfRange(parts, 0, i)));
      if (e != null) {
        if (!e.value().isEmpty()) {
          throw new RecipeRefusedException(String.join(".", Arrays.copyOfRange(parts, 0, i))
              + " is a scalar now, so " + restored.key() + " cannot go under it");
        }
        have = i;
        parent = e;
        break;
      }
    }
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    int unit = 2;
    int childIndent = 0;
    int insertAt = lines.size() - (text.endsWith("\n") ? 1 : 0);
    if (parent != null) {
      ConfigKeys.Entry p = parent;
      String parentKey = String.join(".", Arrays.copyOfRange(parts, 0, have));
      childIndent = now.entrySet().stream()
          .filter(e -> e.getKey().startsWith(parentKey + ".") && e.getValue().indent() > p.indent())
          .mapToInt(e -> e.getValue().indent()).min().orElse(p.indent() + unit);
      unit = Math.max(1, childIndent - p.indent());
      insertAt = p.line() + 1;
    }
    List<String> added = new ArrayList<>();
    for (int i = have; i < parts.length; i++) {
      String pad = " ".repeat(childIndent + (i - have) * unit);
      added.add(pad + parts[i] + ":" + (i == parts.length - 1 ? " " + restored.value() : ""));
    }
    added.set(added.size() - 1, added.get(added.size() - 1) + "  # restored by selfheal from " + restored.source());
    lines.addAll(insertAt, added);
    return String.join("\n", lines);
  }

  private static String test(JUnitStyle style, String pkg, String className, String getter, Restored r, String configPath) {
    String testClass = className + "ConfigKeyRegressionTest";
    boolean yaml = ConfigKeys.isYaml(r.config());
    StringBuilder s = new StringBuilder();
    if (!pkg.isEmpty()) {
      s.append("package ").append(pkg).append(";\n\n");
    }
    s.append(style.assertImport("assertTrue")).append("\n\n");
    s.append("import java.nio.charset.StandardCharsets;\n");
    s.append("import java.nio.file.Files;\n");
    s.append("import java.nio.file.Path;\n");
    if (yaml) {
      s.append("import java.util.ArrayList;\n");
      s.append("import java.util.List;\n");
    } else {
      s.append("import java.io.Reader;\n");
      s.append("import java.util.Properties;\n");
    }
    s.append(style.testImport()).append("\n\n");
    s.append("/**\n");
    s.append(" * Regression test written by selfheal (recipe ").append(ID).append(").\n");
    s.append(" *\n");
    s.append(" * <p>").append(className).append('.').append(getter).append("() is bound from ").append(r.key())
        .append(" in ").append(configPath).append(";\n");
    s.append(" * a config push removed the key and every read of it threw NullPointerException.\n");
    s.append(" */\n");
    s.append("public class ").append(testClass).append(" {\n");
    s.append("  private static final Path CONFIG = Path.of(").append(JUnitStyle.literal(configPath)).append(");\n\n");
    s.append(style.methodHead()).append("configSets").append(capitalize(camel(r.key()))).append("() throws Exception {\n");
    s.append("    String value = value(").append(JUnitStyle.literal(r.key())).append(");\n");
    s.append("    ").append(style.assertTrue("value != null && !value.isEmpty()",
        JUnitStyle.literal(configPath + " sets " + r.key() + ", which " + className + "." + getter + "() reads"))).append("\n");
    s.append("  }\n\n");
    if (yaml) {
      s.append("  /** The scalar at a dotted key of a YAML file of nested mappings; null when absent. */\n");
      s.append("  private static String value(String key) throws Exception {\n");
      s.append("    List<String> path = new ArrayList<>();\n");
      s.append("    List<Integer> indents = new ArrayList<>();\n");
      s.append("    for (String line : Files.readAllLines(CONFIG, StandardCharsets.UTF_8)) {\n");
      s.append("      String content = line.strip();\n");
      s.append("      int colon = content.indexOf(':');\n");
      s.append("      if (content.isEmpty() || content.startsWith(\"#\") || content.startsWith(\"-\") || colon <= 0) {\n");
      s.append("        continue;\n");
      s.append("      }\n");
      s.append("      int indent = line.length() - line.stripLeading().length();\n");
      s.append("      while (!indents.isEmpty() && indents.get(indents.size() - 1) >= indent) {\n");
      s.append("        indents.remove(indents.size() - 1);\n");
      s.append("        path.remove(path.size() - 1);\n");
      s.append("      }\n");
      s.append("      path.add(content.substring(0, colon).strip());\n");
      s.append("      indents.add(indent);\n");
      s.append("      if (String.join(\".\", path).equals(key)) {\n");
      s.append("        String value = content.substring(colon + 1).strip();\n");
      s.append("        int comment = value.indexOf(\" #\");\n");
      s.append("        return comment < 0 ? value : value.substring(0, comment).strip();\n");
      s.append("      }\n");
      s.append("    }\n");
      s.append("    return null;\n");
      s.append("  }\n");
    } else {
      s.append("  private static String value(String key) throws Exception {\n");
      s.append("    Properties properties = new Properties();\n");
      s.append("    try (Reader in = Files.newBufferedReader(CONFIG, StandardCharsets.UTF_8)) {\n");
      s.append("      properties.load(in);\n");
      s.append("    }\n");
      s.append("    return properties.getProperty(key);\n");
      s.append("  }\n");
    }
    s.append("}\n");
    return s.toString();
  }

  private static String camel(String key) {
    StringBuilder out = new StringBuilder();
    for (String w : words(key)) {
      out.append(capitalize(w));
    }
    return out.toString();
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
