package dev.selfheal.activities.logs;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PHP's error log ({@code error_log} of php-fpm or the CLI):
 * {@code [01-Jan-2026 10:00:00 UTC] PHP Fatal error:  Uncaught PDOException: ... in /src/Db.php:22},
 * then {@code Stack trace:}, {@code #0 ...} frames and {@code   thrown in ... on line 22}. The zone
 * is {@code date.timezone}, a region name or {@code UTC}; without one the time is UTC.
 *
 * <p>The level is PHP's error kind: fatal, parse, core and compile errors are FATAL, recoverable
 * ones ERROR, warnings WARN, notices, deprecations and strict-standards INFO. The message is the
 * rest; its {@code in /file.php:22} or {@code in /file.php on line 22} is the source location.
 * An uncaught exception's type and its {@code Next} chain are {@link ExceptionChain}'s to read; a
 * fatal error that is no exception (memory exhausted, time limit) has no type.
 *
 * <p>Xdebug prints its stack trace as more such lines ({@code PHP Stack trace:},
 * {@code PHP   1. {main}() ...}): they continue the record before them.
 */
final class PhpErrorLines {
  private static final Pattern LINE = Pattern.compile(
      "^\\[(\\d{2})-([A-Z][a-z]{2})-(\\d{4}) (\\d{2}:\\d{2}:\\d{2})(?: ([\\w/+-]+))?\\] PHP (.*)$");
  private static final Pattern KIND = Pattern.compile("^([A-Za-z][A-Za-z ]*?):\\s+(.*)$");
  private static final Pattern LOCATION = Pattern.compile(" in (\\S+?)(?::(\\d{1,9})| on line (\\d{1,9}))$");

  private PhpErrorLines() {}

  /** Whether {@code line} starts like one: {@code [01-Jan-}. Cheap. */
  static boolean looksLike(String line) {
    return line.length() > 12 && line.charAt(3) == '-' && line.charAt(7) == '-';
  }

  /** The header {@code line} is, or null when it is not a PHP error line with a valid time. */
  static PlainTextHeader parse(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      return null;
    }
    Instant ts = instant(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5));
    if (ts == null) {
      return null;
    }
    String text = m.group(6);
    if (text.startsWith(" ") || text.equals("Stack trace:")) {
      return new PlainTextHeader(ts, "INFO", null, null, text, null, null, null, null, null, true);
    }
    Matcher kind = KIND.matcher(text);
    String level = kind.matches() ? level(kind.group(1)) : null;
    if (level == null) {
      return null;
    }
    String message = kind.group(2);
    Matcher location = LOCATION.matcher(message);
    String file = null;
    Integer lineNumber = null;
    if (location.find()) {
      file = location.group(1);
      lineNumber = Integer.valueOf(location.group(2) != null ? location.group(2) : location.group(3));
    }
    return new PlainTextHeader(ts, level, null, null, message, null, null, null, file, lineNumber, false);
  }

  /** PHP's name for an error kind, as {@code php_error_cb} prints it, to a level; null if none. */
  private static String level(String kind) {
    return switch (kind.toLowerCase(Locale.ROOT)) {
      case "fatal error", "parse error", "core error", "compile error" -> "FATAL";
      case "recoverable fatal error", "catchable fatal error", "error" -> "ERROR";
      case "warning", "core warning", "compile warning" -> "WARN";
      case "notice", "deprecated", "strict standards" -> "INFO";
      default -> null;
    };
  }

  private static Instant instant(String day, String month, String year, String time, String zone) {
    int m = LogTimestamps.month(month);
    LocalTime t = LogTimestamps.time(time);
    if (m == 0 || t == null) {
      return null;
    }
    try {
      ZoneId zoneId = zone == null || zone.equals("UTC") ? ZoneOffset.UTC : ZoneId.of(zone);
      return LocalDate.of(Integer.parseInt(year), m, Integer.parseInt(day)).atTime(t).atZone(zoneId).toInstant();
    } catch (DateTimeException e) {
      return null; // no such date, or a zone name this JVM does not know
    }
  }
}
