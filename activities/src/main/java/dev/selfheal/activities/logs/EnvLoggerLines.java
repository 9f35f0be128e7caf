package dev.selfheal.activities.logs;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rust's env_logger: {@code [2026-01-01T10:00:00Z ERROR my_crate::db] message}, the time, level and
 * module path (the component; absent when the module is not printed) in one bracket.
 */
final class EnvLoggerLines {
  private static final Pattern LINE = Pattern.compile(
      "^\\[(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?)(Z|[+-]\\d{2}:?\\d{2}) +([A-Z]+)(?: +([^\\]\\s]+))?\\] ?(.*)$");

  private EnvLoggerLines() {}

  /** Whether {@code line} starts like one: {@code [yyyy-mm-ddT}. Cheap. */
  static boolean looksLike(String line) {
    return line.length() > 22 && line.charAt(5) == '-' && line.charAt(8) == '-' && line.charAt(11) == 'T';
  }

  /** The header {@code line} is, or null when it is not an env_logger line. */
  static PlainTextHeader parse(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      return null;
    }
    String level = LogLevels.of(m.group(3));
    Instant ts = LogTimestamps.isoLike(m.group(1), m.group(2));
    if (level == null || ts == null) {
      return null;
    }
    return PlainTextHeader.of(ts, level, m.group(4), m.group(5));
  }
}
