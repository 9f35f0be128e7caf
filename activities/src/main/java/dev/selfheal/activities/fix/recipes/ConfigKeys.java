package dev.selfheal.activities.fix.recipes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dotted keys of a YAML file of nested mappings ({@code pricing: / region: / default: DE} is
 * {@code pricing.region.default = DE}) or of a {@code .properties} file, with the line each is
 * on. Deliberately small: lists, anchors and multi-line scalars are not configuration keys a
 * recipe restores, and a file using them for the key in question is refused by the caller.
 */
public final class ConfigKeys {
  /** One key: its scalar value ("" for a mapping), 0-based line and indentation. */
  public record Entry(String value, int line, int indent) {}

  private ConfigKeys() {}

  public static boolean isYaml(String path) {
    return path.endsWith(".yaml") || path.endsWith(".yml");
  }

  public static boolean isProperties(String path) {
    return path.endsWith(".properties");
  }

  public static Map<String, Entry> of(String path, String text) {
    return isYaml(path) ? yaml(text) : properties(text);
  }

  static Map<String, Entry> yaml(String text) {
    Map<String, Entry> keys = new LinkedHashMap<>();
    List<String> stack = new ArrayList<>();
    List<Integer> indents = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String content = line.strip();
      if (content.isEmpty() || content.startsWith("#") || content.startsWith("-") || content.equals("---")) {
        continue;
      }
      int colon = content.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      int indent = line.length() - line.stripLeading().length();
      while (!indents.isEmpty() && indents.get(indents.size() - 1) >= indent) {
        indents.remove(indents.size() - 1);
        stack.remove(stack.size() - 1);
      }
      String key = unquote(content.substring(0, colon).strip());
      String value = content.substring(colon + 1).strip();
      int comment = value.indexOf(" #");
      if (comment >= 0) {
        value = value.substring(0, comment).strip();
      }
      stack.add(key);
      indents.add(indent);
      keys.put(String.join(".", stack), new Entry(value, i, indent));
    }
    return keys;
  }

  static Map<String, Entry> properties(String text) {
    Map<String, Entry> keys = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String content = lines[i].strip();
      if (content.isEmpty() || content.startsWith("#") || content.startsWith("!")) {
        continue;
      }
      int sep = indexOfSeparator(content);
      if (sep > 0) {
        keys.put(content.substring(0, sep).strip(), new Entry(content.substring(sep + 1).strip(), i, 0));
      }
    }
    return keys;
  }

  private static int indexOfSeparator(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '=' || c == ':') {
        return i;
      }
    }
    return -1;
  }

  private static String unquote(String key) {
    if (key.length() >= 2 && (key.charAt(0) == '"' || key.charAt(0) == '\'') && key.charAt(key.length() - 1) == key.charAt(0)) {
      return key.substring(1, key.length() - 1);
    }
    return key;
  }
}
