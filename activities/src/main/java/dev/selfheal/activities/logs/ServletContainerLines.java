package dev.selfheal.activities.logs;

import java.time.Instant;
import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Formats of the servers in front of and around web applications that print neither ISO times
 * nor level words the usual way:
 *
 * <ul>
 *   <li>Tomcat's {@code catalina.out}: {@code 04-Nov-2025 09:16:30.123 SEVERE [thread] logger message};
 *   <li>java.util.logging's default two lines: {@code Nov 04, 2025 9:16:30 AM com.acme.Foo bar},
 *       then {@code SEVERE: message} (the level and message come from the record's next line);
 *   <li>Apache httpd's error log: {@code [Tue Nov 04 09:16:30.123456 2025] [proxy:error] [pid 1] message}.
 * </ul>
 *
 * java.util.logging's SEVERE is its error level, so it is ERROR here, not FATAL.
 */
final class ServletContainerLines {
  private static final Pattern TOMCAT = Pattern.compile(
      "^(\\d{2})-([A-Z][a-z]{2})-(\\d{4}) (\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,3})?) (SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST)"
          + " \\[([^\\]]*)\\] (\\S+) ?(.*)$");
  private static final Pattern JUL_HEADER = Pattern.compile(
      "^([A-Z][a-z]{2}) (\\d{1,2}), (\\d{4}) (\\d{1,2}):(\\d{2}):(\\d{2}) (AM|PM) (\\S+)(?: \\S+)?$");
  private static final Pattern JUL_LEVEL = Pattern.compile("^(SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST): (.*)$");
  private static final Pattern APACHE_ERROR = Pattern.compile(
      "^\\[[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\\d{2}) (\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?) (\\d{4})\\] \\[(?:([\\w-]+):)?(\\w+)\\]"
          + " (?:\\[pid [^\\]]*\\] )?(?:\\[client [^\\]]*\\] )?(.*)$");

  private ServletContainerLines() {}

  /** A Tomcat line, or null when {@code line} is not one. */
  static PlainTextHeader tomcat(String line) {
    Matcher m = TOMCAT.matcher(line);
    if (!m.matches()) {
      return null;
    }
    Instant ts = LogTimestamps.nginx(m.group(1), m.group(2), m.group(3), m.group(4), "+0000");
    return ts == null ? null : PlainTextHeader.of(ts, julLevel(m.group(5)), m.group(7), m.group(8));
  }

  /**
   * java.util.logging's first line, or null when {@code line} is not one: INFO with an empty
   * message, which the record's next line ({@link #julMessage}) gives, with the level.
   */
  static PlainTextHeader julHeader(String line) {
    Matcher m = JUL_HEADER.matcher(line);
    if (!m.matches()) {
      return null;
    }
    int hour = Integer.parseInt(m.group(4));
    if (hour < 1 || hour > 12) {
      return null;
    }
    int hour24 = hour % 12 + (m.group(7).equals("PM") ? 12 : 0);
    LocalTime time = LogTimestamps.time(String.format("%02d:%s:%s", hour24, m.group(5), m.group(6)));
    Instant ts = time == null ? null
        : LogTimestamps.nginx(String.format("%02d", Integer.parseInt(m.group(2))), m.group(1), m.group(3), time.toString(), "+0000");
    return ts == null ? null : PlainTextHeader.of(ts, "INFO", m.group(8), "");
  }

  /** java.util.logging's second line, {@code SEVERE: message}, as {level, message}; null when it is not one. */
  static String[] julMessage(String line) {
    Matcher m = JUL_LEVEL.matcher(line);
    return m.matches() ? new String[] {julLevel(m.group(1)), m.group(2)} : null;
  }

  /** An Apache httpd error-log line, or null when {@code line} is not one. */
  static PlainTextHeader apacheError(String line) {
    Matcher m = APACHE_ERROR.matcher(line);
    if (!m.matches()) {
      return null;
    }
    Instant ts = LogTimestamps.nginx(m.group(2), m.group(1), m.group(4), m.group(3), "+0000");
    if (ts == null) {
      return null;
    }
    String level = switch (m.group(6)) {
      case "emerg", "alert", "crit" -> "FATAL";
      case "error" -> "ERROR";
      case "warn" -> "WARN";
      case "debug" -> "DEBUG";
      default -> m.group(6).startsWith("trace") ? "TRACE" : "INFO";
    };
    return PlainTextHeader.of(ts, level, m.group(5), m.group(7));
  }

  private static String julLevel(String word) {
    return switch (word) {
      case "SEVERE" -> "ERROR";
      case "WARNING" -> "WARN";
      case "INFO", "CONFIG" -> "INFO";
      default -> "DEBUG";
    };
  }
}
