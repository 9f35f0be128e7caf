package dev.selfheal.activities.watch;

import java.util.regex.Pattern;

/**
 * Rewrites the parts of an error message that differ between occurrences of the same error into
 * placeholders, so the occurrences group: quoted values, timestamps, UUIDs, IP addresses, paths,
 * URLs, hex, and finally every remaining number. Order matters: a timestamp or UUID is replaced
 * whole before its digits would be.
 */
final class MessageNormalizer {
  /** Normalized messages are cut here: the start says what the error is. */
  static final int MAX_CHARS = 200;

  private static final Pattern[] PATTERNS = {
    Pattern.compile("\"[^\"]*\"|'[^']*'|`[^`]*`"),
    Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?"),
    Pattern.compile("(?i)\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b"),
    Pattern.compile("\\b\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d+)?\\b"),
    Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://\\S+"),
    Pattern.compile("(?:(?<=\\s)|^|(?<==))(?:[A-Za-z]:)?(?:[/\\\\][\\w.@%+~-]+){2,}[/\\\\]?"),
    Pattern.compile("(?i)\\b0x[0-9a-f]+\\b"),
    Pattern.compile("(?i)\\b(?=[0-9a-f]*\\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\\b"),
    Pattern.compile("\\d+"),
  };
  private static final String[] PLACEHOLDERS = {
    "<q>", "<ts>", "<uuid>", "<ip>", "<url>", "<path>", "<hex>", "<hex>", "<n>",
  };
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private MessageNormalizer() {}

  static String normalize(String message) {
    if (message == null) {
      return "";
    }
    String s = message.length() > 4 * MAX_CHARS ? message.substring(0, 4 * MAX_CHARS) : message;
    for (int i = 0; i < PATTERNS.length; i++) {
      s = PATTERNS[i].matcher(s).replaceAll(PLACEHOLDERS[i]);
    }
    s = SPACES.matcher(s).replaceAll(" ").strip();
    return s.length() > MAX_CHARS ? s.substring(0, MAX_CHARS) : s;
  }
}
