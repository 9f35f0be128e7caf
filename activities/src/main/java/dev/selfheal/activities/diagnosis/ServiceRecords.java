package dev.selfheal.activities.diagnosis;

import dev.selfheal.activities.logs.LogRecord;
import java.util.ArrayList;
import java.util.List;

/** How much a service logged, and its first few records as read: what a newcomer says it works on. */
final class ServiceRecords {
  /** How many of a service's first records are kept, to read what it began doing. */
  static final int EARLY_RECORDS = 8;

  int count;
  long last = Long.MIN_VALUE;
  final List<LogRecord> early = new ArrayList<>(EARLY_RECORDS);

  void add(long ts, LogRecord r) {
    last = Math.max(last, ts);
    if (count++ < EARLY_RECORDS) {
      early.add(r);
    }
  }
}
