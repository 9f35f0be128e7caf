package dev.selfheal.activities.logs;

import dev.selfheal.activities.config.LogFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.zip.GZIPInputStream;

/**
 * Opens the reader a log file calls for: the catalog's format, or by name when it says {@code
 * auto} ({@code .jsonl} is structured, the rest plain text). A rotated log compressed with gzip
 * ({@code app.log.1.gz}, {@code app.jsonl.gz}) is read through it, by the name it had before.
 */
public final class LogReaders {
  private LogReaders() {}

  static boolean isJsonl(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".jsonl") || name.endsWith(".jsonl.gz");
  }

  static boolean isGzip(Path file) {
    return file.getFileName().toString().endsWith(".gz");
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
    if (!isGzip(file)) {
      return isJsonl(file, format) ? JsonlLogReader.open(file) : PlainTextLogReader.open(file, reference);
    }
    InputStream in = new GZIPInputStream(Files.newInputStream(file), 64 * 1024);
    return isJsonl(file, format) ? new JsonlLogReader(in, file.toString()) : new PlainTextLogReader(in, file.toString(), reference);
  }
}
