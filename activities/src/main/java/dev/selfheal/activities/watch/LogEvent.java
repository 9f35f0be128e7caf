package dev.selfheal.activities.watch;

import java.time.Instant;

/**
 * One log event as the watcher sees it: a JSONL line, or a plain-text record with its stack trace
 * or traceback, assembled from its lines.
 *
 * @param ts as logged; null when the event carries none (the window then uses the read time)
 * @param level canonical (TRACE ... FATAL); ERROR for a traceback printed without a log line
 * @param errorType the outermost exception's type as printed; null when the event names none
 * @param exceptionMessage the outermost exception's message; null when there is none
 * @param topFrame the frame the outermost exception was thrown from, as printed; null when none
 * @param file the watched file's name
 * @param offset byte offset of the event's first line
 */
record LogEvent(
    Instant ts,
    String level,
    String message,
    String errorType,
    String exceptionMessage,
    String topFrame,
    String file,
    long offset) {

  /** ERROR and FATAL count; so does a traceback nobody logged (an uncaught exception). */
  boolean isError() {
    return "ERROR".equals(level) || "FATAL".equals(level);
  }
}
