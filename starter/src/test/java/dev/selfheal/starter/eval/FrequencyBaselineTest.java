package dev.selfheal.starter.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.activities.logs.LogRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrequencyBaselineTest {
  private static LogRecord record(String level, String service, String errorType) {
    return new LogRecord(Instant.EPOCH, level, service, "m", null, errorType, null, null, null, null, null, null,
        null, null, "raw");
  }

  @Test
  void theMostFrequentErrorPairWinsWithTypesComparedBySimpleName() {
    List<LogRecord> records = List.of(
        record("ERROR", "api", "java.net.SocketTimeoutException"),
        record("ERROR", "db", "org.postgresql.util.PSQLException"),
        record("FATAL", "api", "SocketTimeoutException"),
        record("WARN", "db", "org.postgresql.util.PSQLException"),
        record("WARN", "db", "org.postgresql.util.PSQLException"));

    assertThat(FrequencyBaseline.of(records.iterator())).isEqualTo(new ServiceError("api", "SocketTimeoutException"));
  }

  @Test
  void aTieGoesToThePairSeenFirst() {
    List<LogRecord> records = List.of(
        record("ERROR", "worker", null),
        record("ERROR", "api", "HTTP_503"),
        record("ERROR", "api", "HTTP_503"),
        record("ERROR", "worker", null));

    assertThat(FrequencyBaseline.of(records.iterator())).isEqualTo(new ServiceError("worker", null));
  }

  @Test
  void noErrorsNoAnswer() {
    assertThat(FrequencyBaseline.of(List.of(record("INFO", "api", null)).iterator())).isNull();
  }
}
