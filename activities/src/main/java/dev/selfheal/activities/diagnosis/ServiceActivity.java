package dev.selfheal.activities.diagnosis;

import dev.selfheal.activities.logs.LogRecord;
import java.util.ArrayList;
import java.util.List;

/** When a service first warned or failed, and with which record. */
final class ServiceActivity {
  long first = Long.MAX_VALUE;
  LogRecord firstRecord;
  int errors;
  /** The first warnings, with their times: what the service said before things broke. */
  final List<LogRecord> warnings = new ArrayList<>(4);
  final List<Long> warningTimes = new ArrayList<>(4);
  /** Its first warnings that carry an exception type, however many untyped ones came before. */
  final List<LogRecord> typedWarnings = new ArrayList<>(2);

  void add(long ts, LogRecord r) {
    if (ts < first) {
      first = ts;
      firstRecord = r;
    }
    if (r.isError()) {
      errors++;
      return;
    }
    if (warnings.size() < CausalAnalyzer.DETAILS_PER_KEY) {
      warnings.add(r);
      warningTimes.add(ts);
    }
    if (r.errorType() != null && typedWarnings.size() < 8) {
      typedWarnings.add(r);
    }
  }
}
