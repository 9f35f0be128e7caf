package dev.selfheal.activities.logs;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ruby's {@code Logger::Formatter}, which Rails production logs use:
 * {@code E, [2026-01-01T10:00:00.123456 #1] ERROR -- progname: [request-id] message}. The
 * letter and the level word agree ({@code ANY} for {@code A}); the time has no zone (UTC).
 *
 * <p>The error type is read from the message where Ruby and Rails put it: Rails' {@code
 * NoMethodError (undefined method ...):}, and Logger's own {@code message (ActiveRecord::RecordNotFound)}.
 * Only a name that reads as an exception counts (ends in {@code Error}/{@code Exception}, or is
 * namespaced), so {@code (retrying)} or {@code (Postgres)} in prose is not one.
 *
 * <p>Rails logs a request's exception one line per logger call, each with this header: a line
 * whose message (after the tags) is blank, indented (annotated source) or a backtrace frame
 * continues the record before it instead of making an error record of its own.
 */
final class RubyLoggerLines {
  private static final Pattern LINE = Pattern.compile(
      "^([DIWEFA]), \\[(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?) #\\d+\\] +([A-Z]+) -- ([^:]*):(?: (.*))?$");
  private static final String CLASS = "([A-Z]\\w*(?:::[A-Z]\\w*)*)";
  private static final Pattern TAGS = Pattern.compile("^(?:\\[[^\\]]*\\] ?)+");
  /** Rails' {@code ErrorClass (message):}. */
  private static final Pattern CLASS_FIRST = Pattern.compile("^" + CLASS + " \\(.*\\):?$");
  /** Logger's {@code message (ErrorClass)}. */
  private static final Pattern CLASS_LAST = Pattern.compile("\\(" + CLASS + "\\)$");
  /** {@code app/models/cart.rb:12:in 'total'} (Ruby 3.4 quotes) or {@code ...:in `total'}. */
  static final Pattern FRAME = Pattern.compile("^\\S+?:\\d+:in [`'].*$");

  private RubyLoggerLines() {}

  /** Whether {@code line} starts like a Ruby Logger line: {@code X, [}. Cheap. */
  static boolean looksLike(String line) {
    return line.length() > 4 && line.charAt(1) == ',' && line.charAt(2) == ' ' && line.charAt(3) == '[';
  }

  /** The header {@code line} is, or null when it is not a Ruby Logger line. */
  static PlainTextHeader parse(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      return null;
    }
    String word = m.group(3);
    boolean any = word.equals("ANY");
    if (any != (m.group(1).charAt(0) == 'A') || !any && word.charAt(0) != m.group(1).charAt(0)) {
      return null; // E, [...] INFO: not what Logger writes
    }
    Instant ts = LogTimestamps.isoLike(m.group(2), null);
    if (ts == null) {
      return null;
    }
    String message = m.group(5) == null ? "" : m.group(5);
    String untagged = untagged(message);
    if (untagged.isBlank() || untagged.charAt(0) == ' ' || isFrame(untagged)) {
      return new PlainTextHeader(ts, "INFO", null, null, message, null, null, null, null, null, true);
    }
    String level = any ? "INFO" : LogLevels.of(word); // Logger#unknown: always logged, says nothing of its weight
    String component = m.group(4).isBlank() ? null : m.group(4).strip();
    return new PlainTextHeader(ts, level == null ? "INFO" : level, null, component, message, errorType(untagged),
        null, null, null, null, false);
  }

  /** Whether an unindented line is a backtrace frame, which Logger prints under its message. */
  static boolean isFrame(String line) {
    return line.indexOf(":in ") > 0 && FRAME.matcher(line).matches();
  }

  private static String untagged(String message) {
    if (!message.startsWith("[")) {
      return message;
    }
    Matcher tags = TAGS.matcher(message);
    return tags.find() ? message.substring(tags.end()) : message;
  }

  /** The exception class the message names, or null. */
  static String errorType(String message) {
    Matcher first = CLASS_FIRST.matcher(message);
    if (first.matches() && isException(first.group(1))) {
      return first.group(1);
    }
    if (message.endsWith(")")) {
      Matcher last = CLASS_LAST.matcher(message);
      if (last.find() && isException(last.group(1))) {
        return last.group(1);
      }
    }
    return null;
  }

  private static boolean isException(String name) {
    return name.contains("::") || name.endsWith("Error") || name.endsWith("Exception");
  }
}
