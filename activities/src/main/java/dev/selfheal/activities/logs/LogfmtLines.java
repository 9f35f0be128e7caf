package dev.selfheal.activities.logs;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * logfmt lines (Go's slog and logrus text handlers, Heroku-style):
 * {@code time=2024-05-31T22:55:10.474Z level=ERROR msg="tls certificate has expired" path=...}.
 * {@code time}/{@code ts}/{@code t} is required; {@code level}/{@code lvl}/{@code severity}
 * defaults to INFO; {@code msg}/{@code message} is the message, with {@code err}/{@code error}
 * appended because Go code puts the interesting half there. {@code trace_id}, {@code span_id},
 * {@code logger}/{@code component} and {@code caller}/{@code source} ({@code file.go:42}) are
 * picked up when present, and so is the error's type where handlers put it ({@code err.type},
 * {@code error.type}, OpenTelemetry's {@code exception.type}, ...; Go's pointer star dropped).
 */
final class LogfmtLines {
  private static final Pattern PAIR = Pattern.compile("([\\w.-]+)=(\"((?:[^\"\\\\]|\\\\.)*)\"|\\S*)");
  private static final Pattern EPOCH = Pattern.compile("(\\d{10}|\\d{13})(?:\\.(\\d{1,9}))?");
  private static final Pattern FILE_LINE = Pattern.compile("(.+):(\\d{1,9})");

  private LogfmtLines() {}

  /** Whether {@code line} starts the way a logfmt line does; cheap, checked before {@link #parse}. */
  static boolean looksLike(String line) {
    return line.startsWith("time=") || line.startsWith("ts=") || line.startsWith("t=")
        || line.startsWith("level=") || line.startsWith("lvl=");
  }

  private static final Pattern HEX_ID = Pattern.compile("[0-9a-fA-F]{16,}");

  /** A logfmt line, or null when it has no readable time. */
  static PlainTextHeader parse(String line) {
    Instant ts = null;
    String level = null;
    String message = null;
    String error = null;
    String component = null;
    String traceId = null;
    String spanId = null;
    String file = null;
    Integer lineNumber = null;
    String errorType = null;
    Matcher m = PAIR.matcher(line);
    while (m.find()) {
      String value = m.group(3) != null ? m.group(3).replace("\\\"", "\"") : m.group(2);
      switch (m.group(1)) {
        case "time", "ts", "t", "timestamp" -> ts = instant(value);
        case "level", "lvl", "severity" -> level = LogLevels.of(value.toUpperCase(Locale.ROOT)); // a level field: any case
        case "msg", "message" -> message = value;
        case "err", "error" -> error = value;
        case "err.type", "error.type", "exception.type", "error_type", "err_type", "exc_type", "errorType" ->
            errorType = errorType(value);
        case "logger", "component" -> component = value;
        case "trace_id", "traceId", "traceID" -> traceId = value;
        case "trace" -> traceId = HEX_ID.matcher(value).matches() ? value : traceId; // "trace=true" is not an id
        case "span_id", "spanId", "spanID" -> spanId = value;
        case "caller", "source" -> {
          Matcher fl = FILE_LINE.matcher(value);
          if (fl.matches()) {
            file = fl.group(1);
            lineNumber = Integer.valueOf(fl.group(2));
          }
        }
        default -> {
          // attributes the analyzer has no field for; they stay in raw
        }
      }
    }
    if (ts == null) {
      return null;
    }
    String text = message == null ? line : error == null ? message : message + ": " + error;
    return new PlainTextHeader(ts, level == null ? "INFO" : level, null, component, text, errorType,
        blankToNull(traceId), blankToNull(spanId), file, lineNumber, false);
  }

  private static Instant instant(String value) {
    Matcher epoch = EPOCH.matcher(value);
    if (epoch.matches()) {
      return LogTimestamps.epoch(epoch.group(1), epoch.group(2));
    }
    return JsonlLogReader.parseInstant(value.replace(' ', 'T'));
  }

  /** {@code *json.UnmarshalTypeError} → {@code json.UnmarshalTypeError}; null when blank. */
  private static String errorType(String value) {
    String type = value.strip();
    while (type.startsWith("*") || type.startsWith("&")) {
      type = type.substring(1);
    }
    return blankToNull(type);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
