package dev.selfheal.activities.logs;

import dev.selfheal.activities.config.LogFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Opens the reader a log file calls for: the catalog's format, or by name when it says {@code
 * auto} ({@code .jsonl} is structured, the rest plain text).
 */
public final class LogReaders {
  private LogReaders() {}

  static boolean isJsonl(Path file) {
    return file.getFileName().toString().endsWith(".jsonl");
  }

  static boolean isJsonl(Path file, LogFormat format) {
    return format == LogFormat.AUTO ? isJsonl(file) : format == LogFormat.JSONL;
  }

  /** Undated plain-text timestamps are placed relative to now. */
  public static LogReader open(Path file) throws IOException {
    return open(file, Instant.now());
  }

  /**
   * @param reference when the log was read or the incident happened; places plain-text timestamps
   *     that print no year ({@link PlainTextLogReader})
   */
  public static LogReader open(Path file, Instant reference) throws IOException {
    return open(file, LogFormat.AUTO, reference);
  }

  /** Reads {@code file} as {@code format} says. */
  public static LogReader open(Path file, LogFormat format, Instant reference) throws IOException {
    return isJsonl(file, format) ? JsonlLogReader.open(file) : PlainTextLogReader.open(file, reference);
  }
}
