package dev.selfheal.activities.logs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/** Opens the reader a log file's name calls for: {@code .jsonl} is structured, the rest plain text. */
public final class LogReaders {
  private LogReaders() {}

  static boolean isJsonl(Path file) {
    return file.getFileName().toString().endsWith(".jsonl");
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
    return isJsonl(file) ? JsonlLogReader.open(file) : PlainTextLogReader.open(file, reference);
  }
}
