package dev.selfheal.activities.fix.recipes;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough Java structure for textual recipes: where a block ends and which method encloses
 * an offset. Strings, characters and comments are skipped so their braces do not count.
 */
public final class JavaBlocks {
  private static final Pattern METHOD = Pattern.compile(
      "(?m)^[ \\t]*((?:(?:public|protected|private|static|final|synchronized)\\s+)*)(?:<[^>]+>\\s+)?([\\w.$<>\\[\\],? ]+?)\\s+([A-Za-z_$][\\w$]*)\\s*\\(([^)]*)\\)\\s*(?:throws\\s+[\\w.$,\\s]+)?\\{");
  private static final java.util.Set<String> KEYWORDS =
      java.util.Set.of("if", "for", "while", "switch", "catch", "synchronized", "return", "new", "else", "try", "throw", "do");

  /** A method header: modifiers, return type, name, the parameter list's text, and where its body's brace is. */
  public record Method(String modifiers, String returnType, String name, String params, int headerStart, int bodyOpen) {
    public boolean isStatic() {
      return modifiers.contains("static");
    }
  }

  private JavaBlocks() {}

  /**
   * The offset of the {@code }} that closes the block the text at {@code from} is in (depth 0 at
   * {@code from}); -1 when the source ends first.
   */
  public static int closingBrace(String source, int from) {
    int depth = 0;
    for (int i = from; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '"' || c == '\'') {
        i = skipLiteral(source, i, c);
      } else if (c == '/' && i + 1 < source.length() && source.charAt(i + 1) == '/') {
        int nl = source.indexOf('\n', i);
        i = nl < 0 ? source.length() : nl;
      } else if (c == '/' && i + 1 < source.length() && source.charAt(i + 1) == '*') {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? source.length() : end + 1;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        if (depth == 0) {
          return i;
        }
        depth--;
      }
    }
    return -1;
  }

  private static int skipLiteral(String source, int start, char quote) {
    if (quote == '"' && source.startsWith("\"\"\"", start)) {
      int end = source.indexOf("\"\"\"", start + 3);
      return end < 0 ? source.length() : end + 2;
    }
    for (int i = start + 1; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == quote || c == '\n') {
        return i;
      }
    }
    return source.length();
  }

  /** The last method header before {@code offset} (control statements are not headers). */
  public static Optional<Method> enclosingMethod(String source, int offset) {
    Matcher m = METHOD.matcher(source);
    Method found = null;
    while (m.find() && m.end() <= offset) {
      String type = m.group(2).strip();
      if (KEYWORDS.contains(m.group(3)) || KEYWORDS.contains(type) || type.endsWith("new") || type.equals("else")) {
        continue;
      }
      found = new Method(m.group(1), type, m.group(3), m.group(4).strip(), m.start(), m.end() - 1);
    }
    return Optional.ofNullable(found);
  }

  /** The 0-based offset where 1-based {@code line} starts; -1 past the end. */
  public static int lineStart(String source, int line) {
    int at = 0;
    for (int i = 1; i < line; i++) {
      at = source.indexOf('\n', at);
      if (at < 0) {
        return -1;
      }
      at++;
    }
    return at;
  }
}
