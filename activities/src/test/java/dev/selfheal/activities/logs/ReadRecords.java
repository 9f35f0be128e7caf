package dev.selfheal.activities.logs;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Readers in tests: one over given lines, and every record one yields, in order. */
final class ReadRecords {
  private ReadRecords() {}

  /** A plain-text reader over {@code lines} as the file {@code source}, read at {@code readAt}. */
  static PlainTextLogReader plainText(String source, Instant readAt, String... lines) {
    String content = String.join("\n", lines) + "\n";
    return new PlainTextLogReader(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), source, readAt);
  }

  static List<LogRecord> all(LogReader reader) {
    List<LogRecord> records = new ArrayList<>();
    reader.forEachRemaining(records::add);
    return records;
  }
}
