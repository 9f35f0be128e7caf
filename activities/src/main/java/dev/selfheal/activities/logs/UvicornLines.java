package dev.selfheal.activities.logs;

import java.time.Instant;

/**
 * uvicorn's default console lines, {@code ERROR:    Exception in ASGI application}: the level and a
 * colon padded so the message starts at column 10, and no timestamp. Such a line is a record at
 * the time of the record before it (its traceback follows it), since nothing better is printed;
 * run under gunicorn the same lines carry gunicorn's timestamp and are ordinary headers.
 */
final class UvicornLines {
  private static final int MESSAGE_COLUMN = 10;

  private UvicornLines() {}

  /** The header {@code line} starts at {@code ts}, or null when it is not a uvicorn line. */
  static PlainTextHeader header(String line, Instant ts) {
    if (!Character.isUpperCase(line.charAt(0)) || line.length() <= MESSAGE_COLUMN
        || line.charAt(MESSAGE_COLUMN - 1) != ' ' || line.charAt(MESSAGE_COLUMN) == ' ') {
      return null; // the common case, a frame or an exception line: no work
    }
    int colon = line.indexOf(':');
    if (colon < 4 || colon > 8) {
      return null;
    }
    for (int i = colon + 1; i < MESSAGE_COLUMN; i++) {
      if (line.charAt(i) != ' ') {
        return null;
      }
    }
    String level = LogLevels.of(line.substring(0, colon));
    return level == null ? null : PlainTextHeader.of(ts, level, null, line.substring(MESSAGE_COLUMN));
  }
}
