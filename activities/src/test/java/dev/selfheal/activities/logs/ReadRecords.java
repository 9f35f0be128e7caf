package dev.selfheal.activities.logs;

import java.util.ArrayList;
import java.util.List;

/** Drains a reader in tests: every record it yields, in order. */
final class ReadRecords {
  private ReadRecords() {}

  static List<LogRecord> all(LogReader reader) {
    List<LogRecord> records = new ArrayList<>();
    reader.forEachRemaining(records::add);
    return records;
  }
}
