package dev.selfheal.starter.eval;

import dev.selfheal.activities.logs.LogRecord;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The naive answer a diagnosis must beat (cases README): the most frequent (service, simple
 * error type) among ERROR/FATAL records. A tie goes to the pair seen first, so the order of the
 * records (files in name order) decides it.
 */
final class FrequencyBaseline {
  private FrequencyBaseline() {}

  /** @return null when there is no ERROR/FATAL record */
  static ServiceError of(Iterator<? extends LogRecord> records) {
    Map<ServiceError, Long> counts = new LinkedHashMap<>(); // insertion order is first-seen order
    while (records.hasNext()) {
      LogRecord record = records.next();
      if (record.isError()) {
        counts.merge(new ServiceError(record.service(), record.errorTypeSimpleName()), 1L, Long::sum);
      }
    }
    ServiceError best = null;
    long bestCount = 0;
    for (Map.Entry<ServiceError, Long> e : counts.entrySet()) {
      if (e.getValue() > bestCount) { // strictly more: an equal count later does not displace the first
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    return best;
  }
}
