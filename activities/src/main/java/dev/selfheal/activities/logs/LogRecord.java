package dev.selfheal.activities.logs;

import java.time.Instant;

/**
 * One log record, whatever format it was read from. Format readers (JSONL today, plain text
 * later) fill what their format carries and leave the rest null; the analyzer only looks at
 * this shape, never at the format.
 *
 * @param level upper-cased as read ({@code ERROR}, {@code WARN}, ...)
 * @param errorType as logged, usually fully qualified ({@code java.io.FileNotFoundException})
 * @param causedBy as logged: a type, or {@code Type: message}, possibly naming several types
 * @param raw the record exactly as it was read (one line for JSONL), for evidence and copying
 */
public record LogRecord(
    Instant ts,
    String level,
    String service,
    String message,
    String component,
    String errorType,
    String traceId,
    String spanId,
    String parentSpanId,
    String causedBy,
    String file,
    Integer line,
    String deployVersion,
    String deployCommit,
    String raw) {

  /** ERROR and FATAL are failures; everything below is context or noise. */
  public boolean isError() {
    return "ERROR".equals(level) || "FATAL".equals(level);
  }

  /** The error type without its package, as truth files and humans compare it. */
  public String errorTypeSimpleName() {
    return simpleName(errorType);
  }

  /**
   * {@code java.io.FileNotFoundException} → {@code FileNotFoundException}, and the same for Ruby's
   * {@code ActiveRecord::RecordNotFound} and PHP's {@code App\Db\DbException}; names without a
   * namespace are returned as they are; null stays null.
   */
  public static String simpleName(String type) {
    if (type == null) {
      return null;
    }
    int colons = type.lastIndexOf("::");
    int start = Math.max(Math.max(type.lastIndexOf('.'), type.lastIndexOf('\\')) + 1, colons < 0 ? 0 : colons + 2);
    return start == 0 ? type : type.substring(start);
  }
}
