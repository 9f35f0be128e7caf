package dev.selfheal.activities.logs;

import java.time.Instant;

/**
 * What the first line of a plain-text record says, before its continuation lines are read.
 *
 * @param level canonical ({@link LogLevels}); INFO when the line carries none
 * @param service null when the line does not name one (the file's name then applies)
 * @param message null only for a Python traceback with no log line above it, whose message is its
 *     outermost exception, known at its end; empty when the record's next line says it (.NET's
 *     console, a Rust panic)
 * @param errorType what the header alone says went wrong ({@code HTTP_503}, a Kubernetes event
 *     reason); null leaves it to the exception names in the record
 * @param continuesPrevious a timestamped line that is part of the record before it (postgres's
 *     {@code DETAIL:}, {@code HINT:}, {@code STATEMENT:} lines)
 */
public record PlainTextHeader(
    Instant ts,
    String level,
    String service,
    String component,
    String message,
    String errorType,
    String traceId,
    String spanId,
    String file,
    Integer line,
    boolean continuesPrevious) {

  static PlainTextHeader of(Instant ts, String level, String component, String message) {
    return new PlainTextHeader(ts, level, null, component, message, null, null, null, null, null, false);
  }
}
