package dev.selfheal.activities.logs;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft.Extensions.Logging's console output with a timestamp format configured:
 * {@code 2026-01-01 10:00:00.000 fail: Microsoft.AspNetCore.Server.Kestrel[13]}. The level is a
 * four-letter word ({@code trce dbug info warn fail crit}), the category the component, and the
 * bracketed number its event id. The default formatter prints the message on the next, indented
 * line, so the header's message is empty and the reader takes it from there; the single-line
 * formatter prints it after the event id. The exception follows as {@code Exception.ToString()}
 * writes it ({@link ExceptionChain} reads its {@code --->} inner exceptions).
 */
final class DotnetLines {
  private static final Pattern AFTER_TIMESTAMP =
      Pattern.compile("^(trce|dbug|info|warn|fail|crit): ([^\\s\\[]+)\\[-?\\d+\\]\\s*(.*)$");

  private DotnetLines() {}

  /** Whether the text after a timestamp starts like one: a four-letter word and a colon. Cheap. */
  static boolean looksLike(String rest) {
    return rest.length() > 6 && rest.charAt(4) == ':' && rest.charAt(5) == ' ';
  }

  /** The header the text after {@code ts} makes, or null when it is not a .NET console line. */
  static PlainTextHeader parse(Instant ts, String rest) {
    Matcher m = AFTER_TIMESTAMP.matcher(rest);
    if (!m.matches()) {
      return null;
    }
    String level = switch (m.group(1)) {
      case "trce" -> "TRACE";
      case "dbug" -> "DEBUG";
      case "info" -> "INFO";
      case "warn" -> "WARN";
      case "fail" -> "ERROR";
      default -> "FATAL"; // crit
    };
    return PlainTextHeader.of(ts, level, m.group(2), m.group(3));
  }
}
