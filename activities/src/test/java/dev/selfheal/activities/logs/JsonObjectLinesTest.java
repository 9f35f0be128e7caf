package dev.selfheal.activities.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * JSON objects printed one per line by logging libraries (zap, pino, structlog, Serilog's compact
 * form, MongoDB), in a plain-text log or a JSONL file not in the case format; with lines that
 * look like JSON and are not, which are counted and skipped.
 */
class JsonObjectLinesTest {
  private static final Instant READ_AT = Instant.parse("2025-11-04T12:00:00Z");

  private static PlainTextLogReader plain(String source, String... lines) {
    return ReadRecords.plainText(source, READ_AT, lines);
  }

  @Test
  void goZapAndNodePinoLinesReadTheirTimesLevelsErrorsAndCallers() {
    PlainTextLogReader reader = plain("orders-go.log",
        "{\"level\":\"error\",\"ts\":1762247801.123,\"caller\":\"server/handler.go:88\",\"msg\":\"query failed\","
            + "\"error\":\"pq: deadlock detected\",\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}",
        "{\"level\":30,\"time\":1762247790000,\"pid\":7,\"hostname\":\"api-1\",\"msg\":\"request completed\"}",
        "{\"level\":50,\"time\":1762247791000,\"msg\":\"request failed\",\"err\":{\"type\":\"TypeError\","
            + "\"message\":\"Cannot read properties of undefined (reading 'id')\","
            + "\"stack\":\"TypeError: Cannot read properties of undefined (reading 'id')\\n    at handler (/app/src/x.js:10:5)\"}}",
        "{\"level\":60,\"time\":1762247792000000000,\"msg\":\"exiting\"}");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).extracting(LogRecord::level).containsExactly("ERROR", "INFO", "ERROR", "FATAL");
    assertThat(records).extracting(LogRecord::service).containsOnly("orders-go");
    LogRecord zap = records.get(0);
    assertThat(zap.ts()).isEqualTo(Instant.parse("2025-11-04T09:16:41.123Z"));
    assertThat(zap.message()).isEqualTo("query failed: pq: deadlock detected");
    assertThat(zap.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(zap.file()).isEqualTo("server/handler.go");
    assertThat(zap.line()).isEqualTo(88);
    assertThat(records.get(1).ts()).isEqualTo(Instant.parse("2025-11-04T09:16:30Z"));
    LogRecord pino = records.get(2);
    assertThat(pino.errorType()).isEqualTo("TypeError");
    assertThat(pino.message()).isEqualTo("request failed");
    assertThat(pino.raw()).contains("at handler (/app/src/x.js:10:5)");
    assertThat(records.get(3).ts()).isEqualTo(Instant.parse("2025-11-04T09:16:32Z"));
    assertThat(reader.unreadableLines()).isZero();
  }

  @Test
  void structlogTracebacksSerilogCompactAndMongoLinesReadTheirOwnFieldNames() {
    PlainTextLogReader reader = plain("billing.log",
        "{\"event\":\"charge failed\",\"level\":\"error\",\"timestamp\":\"2025-11-04T09:16:30.5+00:00\","
            + "\"exception\":\"Traceback (most recent call last):\\n  File \\\"/app/charge.py\\\", line 4, in run\\n"
            + "    amount = Decimal(raw)\\ndecimal.InvalidOperation: [<class 'decimal.ConversionSyntax'>]\"}",
        "{\"@t\":\"2025-11-04T09:16:31.0000000Z\",\"@mt\":\"Invoice {Id} posted\",\"Id\":42}",
        "{\"@t\":\"2025-11-04T09:16:32Z\",\"@l\":\"Error\",\"@mt\":\"Posting failed\","
            + "\"@x\":\"System.InvalidOperationException: Sequence contains no elements\\n   at Billing.Post()\"}",
        "{\"t\":{\"$date\":\"2025-11-04T09:16:37.123+00:00\"},\"s\":\"E\",\"c\":\"STORAGE\",\"id\":22435,\"ctx\":\"conn12\","
            + "\"msg\":\"WiredTiger error\",\"attr\":{\"error\":28,\"message\":\"No space left on device\"}}");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).extracting(LogRecord::level).containsExactly("ERROR", "INFO", "ERROR", "ERROR");
    assertThat(records.get(0).errorType()).isEqualTo("decimal.InvalidOperation");
    assertThat(records.get(0).ts()).isEqualTo(Instant.parse("2025-11-04T09:16:30.5Z"));
    assertThat(records.get(1).message()).isEqualTo("Invoice {Id} posted");
    assertThat(records.get(2).errorType()).isEqualTo("System.InvalidOperationException");
    LogRecord mongo = records.get(3);
    assertThat(mongo.component()).isEqualTo("STORAGE");
    assertThat(mongo.message()).isEqualTo("WiredTiger error: No space left on device");
    assertThat(reader.unreadableLines()).isZero();
  }

  @Test
  void log4j2JsonLayoutReadsItsSplitInstantAndThrown() {
    PlainTextLogReader reader = plain("jobs.log",
        "{\"instant\":{\"epochSecond\":1795510805,\"nanoOfSecond\":123000000},\"thread\":\"main\",\"level\":\"ERROR\","
            + "\"loggerName\":\"com.acme.Job\",\"message\":\"job failed\",\"thrown\":{\"message\":\"disk full\","
            + "\"name\":\"java.io.IOException\",\"extendedStackTrace\":\"java.io.IOException: disk full\\n\\tat com.acme.Job.run(Job.java:5)\\n\"}}");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).singleElement().satisfies(r -> {
      assertThat(r.ts()).isEqualTo(Instant.ofEpochSecond(1795510805, 123000000));
      assertThat(r.level()).isEqualTo("ERROR");
      assertThat(r.errorType()).isEqualTo("java.io.IOException");
      assertThat(r.component()).isEqualTo("com.acme.Job");
    });
  }

  @Test
  void kubernetesEventsAsJsonAreTheirWorkloadsWithTheReasonAsType() {
    PlainTextLogReader reader = plain("k8s-events.log",
        "{\"kind\":\"Event\",\"metadata\":{\"name\":\"x.17a\",\"namespace\":\"shop\"},\"reason\":\"BackOff\",\"type\":\"Warning\","
            + "\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"payments-api-7d9f8c6b5-x2kqp\"},"
            + "\"message\":\"Back-off restarting failed container\",\"lastTimestamp\":\"2025-11-04T09:16:30Z\"}",
        "{\"reason\":\"Pulled\",\"type\":\"Normal\",\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"payments-api-7d9f8c6b5-x2kqp\"},"
            + "\"message\":\"Successfully pulled image\",\"eventTime\":\"2025-11-04T09:16:20.000000Z\"}");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).extracting(LogRecord::service).containsOnly("payments-api");
    assertThat(records).extracting(LogRecord::level).containsExactly("ERROR", "INFO");
    assertThat(records).extracting(LogRecord::errorType).containsExactly("BackOff", "Pulled");
    assertThat(records.get(0).component()).isEqualTo("Pod/payments-api-7d9f8c6b5-x2kqp");
    assertThat(records.get(0).message()).isEqualTo("Back-off restarting failed container");
  }

  @Test
  void jsonAccessLinesThatAnswered5xxAreFailuresOfTheirStatus() {
    PlainTextLogReader reader = plain("edge-envoy.log",
        "{\"start_time\":\"2025-11-04T09:16:33.123Z\",\"method\":\"GET\",\"path\":\"/cart\",\"response_code\":503,"
            + "\"response_flags\":\"UF\",\"upstream_cluster\":\"cart\"}",
        "{\"start_time\":\"2025-11-04T09:16:34.123Z\",\"method\":\"GET\",\"path\":\"/cart\",\"response_code\":200}",
        "{\"level\":\"error\",\"ts\":1762247801.12,\"msg\":\"dial tcp 10.0.0.9:8080: connect: connection refused\","
            + "\"request\":{\"method\":\"GET\",\"uri\":\"/x\"},\"status\":\"502\"}",
        "{\"level\":\"info\",\"ts\":1762247802.12,\"msg\":\"handled\",\"status\":\"5xx\"}");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).extracting(LogRecord::level).containsExactly("ERROR", "INFO", "ERROR", "INFO");
    assertThat(records).extracting(LogRecord::errorType).containsExactly("HTTP_503", null, "HTTP_502", null);
    assertThat(records.get(0).message()).isEqualTo("GET /cart 503");
    assertThat(records.get(0).component()).isEqualTo("cart");
    assertThat(records.get(2).message()).isEqualTo("GET /x 502: dial tcp 10.0.0.9:8080: connect: connection refused");
  }

  @Test
  void linesThatOnlyLookLikeJsonAreCountedAndSkipped() {
    PlainTextLogReader reader = plain("api.log",
        "{not json at all}",
        "{\"msg\":\"no time, so no record\",\"level\":\"error\"}",
        "{\"ts\":\"yesterday\",\"level\":\"error\",\"msg\":\"a time nobody can read\"}",
        "{\"ts\":-5,\"level\":\"error\",\"msg\":\"before the epoch\"}",
        "{\"ts\":1e300,\"level\":\"error\",\"msg\":\"beyond any clock\"}",
        "{\"ts\":\"2025-11-04T09:16:30Z\",\"level\":\"warn\",\"msg\":\"the one good line\"}");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).extracting(LogRecord::message).containsExactly("the one good line");
    assertThat(reader.unreadableLines()).isEqualTo(5);
  }

  @Test
  void aJsonlFileInALoggingLibrarysOwnFormatIsReadAsTheFilesService() {
    String content = "{\"ts\":\"2025-11-04T09:16:29Z\",\"level\":\"INFO\",\"service\":\"cart\",\"message\":\"case format\"}\n"
        + "{\"level\":50,\"time\":1762247791000,\"msg\":\"request failed\",\"err\":{\"type\":\"TypeError\",\"message\":\"x\"}}\n"
        + "{\"level\":50,\"msg\":\"no time\"}\n";
    JsonlLogReader reader = new JsonlLogReader(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
        "logs/checkout-node.jsonl");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).extracting(LogRecord::service).containsExactly("cart", "checkout-node");
    assertThat(records.get(1).level()).isEqualTo("ERROR");
    assertThat(records.get(1).errorType()).isEqualTo("TypeError");
    assertThat(records.get(1).message()).isEqualTo("request failed: x");
    assertThat(reader.unreadableLines()).isEqualTo(1);
  }
}
