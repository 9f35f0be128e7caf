package dev.selfheal.activities;

import java.util.regex.Pattern;

/**
 * A path glob over repo-relative paths with {@code /} separators, with fixed semantics on every
 * platform (unlike {@code FileSystem.getPathMatcher}): {@code **} crosses directories, {@code *}
 * and {@code ?} stay inside one name, {@code {a,b}} is either; a pattern without a slash matches
 * a file's name at any depth; a pattern ending in a slash matches everything under it.
 */
public final class Glob {
  private final String text;
  private final Pattern pattern;

  private Glob(String text, Pattern pattern) {
    this.text = text;
    this.pattern = pattern;
  }

  /** Case-sensitive: a service's own allowed paths mean exactly what they say. */
  public static Glob of(String glob) {
    return new Glob(glob, Pattern.compile(toRegex(glob)));
  }

  /** For names whose case means nothing: {@code ID_RSA} is as secret as {@code id_rsa}. */
  public static Glob ignoringCase(String glob) {
    return new Glob(glob, Pattern.compile(toRegex(glob), Pattern.CASE_INSENSITIVE));
  }

  public boolean matches(String path) {
    return pattern.matcher(path).matches();
  }

  @Override
  public String toString() {
    return text;
  }

  public static String toRegex(String glob) {
    if (glob == null || glob.isBlank()) {
      throw new IllegalArgumentException("empty path glob");
    }
    String g = glob.strip();
    if (g.startsWith("/")) {
      g = g.substring(1); // anchored at the repository root, which every slash pattern is anyway
    } else if (!g.contains("/")) {
      g = "**/" + g;
    }
    if (g.endsWith("/")) {
      g = g + "**";
    }
    StringBuilder re = new StringBuilder();
    boolean inBraces = false;
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      if (c == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
        boolean dirPrefix = i + 2 < g.length() && g.charAt(i + 2) == '/';
        re.append(dirPrefix ? "(?:.*/)?" : ".*");
        i += dirPrefix ? 2 : 1;
      } else if (c == '*') {
        re.append("[^/]*");
      } else if (c == '?') {
        re.append("[^/]");
      } else if (c == '{' && !inBraces) {
        inBraces = true;
        re.append("(?:");
      } else if (c == '}' && inBraces) {
        inBraces = false;
        re.append(')');
      } else if (c == ',' && inBraces) {
        re.append('|');
      } else if (c == '{' || c == '}') {
        throw new IllegalArgumentException("path glob '" + glob + "' has unbalanced braces");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    if (inBraces) {
      throw new IllegalArgumentException("path glob '" + glob + "' has an unclosed '{'");
    }
    return re.toString();
  }
}
