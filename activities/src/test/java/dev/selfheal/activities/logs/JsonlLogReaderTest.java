package dev.selfheal.activities.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlLogReaderTest {
  private static final String GOOD =
      "{\"ts\":\"2024-05-14T13:50:12.693Z\",\"level\":\"error\",\"service\":\"orders-service\","
          + "\"message\":\"pool empty\",\"component\":\"c.a.Db\",\"error_type\":\"java.sql.SQLTransientConnectionException\","
          + "\"trace_id\":\"t1\",\"span_id\":\"s1\",\"parent_span_id\":\"p1\",\"caused_by\":\"java.io.IOException: x\","
          + "\"file\":\"src/Db.java\",\"line\":42,\"stack\":[\"a\",\"b\"],\"deploy\":{\"version\":\"2.14.0\",\"commit\":\"a41c9e2\"},"
          + "\"attrs\":{\"nested\":{\"deep\":[1,2,{\"x\":null}]}}}";

  private static JsonlLogReader reader(String content) {
    return new JsonlLogReader(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), "test");
  }

  @Test
  void readsEveryFieldOfAGoodRecord() {
    JsonlLogReader reader = reader(GOOD + "\n");
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).hasSize(1);
    LogRecord r = records.get(0);
    assertThat(r.ts()).isEqualTo(Instant.parse("2024-05-14T13:50:12.693Z"));
    assertThat(r.level()).isEqualTo("ERROR");
    assertThat(r.isError()).isTrue();
    assertThat(r.service()).isEqualTo("orders-service");
    assertThat(r.message()).isEqualTo("pool empty");
    assertThat(r.component()).isEqualTo("c.a.Db");
    assertThat(r.errorType()).isEqualTo("java.sql.SQLTransientConnectionException");
    assertThat(r.errorTypeSimpleName()).isEqualTo("SQLTransientConnectionException");
    assertThat(r.traceId()).isEqualTo("t1");
    assertThat(r.spanId()).isEqualTo("s1");
    assertThat(r.parentSpanId()).isEqualTo("p1");
    assertThat(r.causedBy()).isEqualTo("java.io.IOException: x");
    assertThat(r.file()).isEqualTo("src/Db.java");
    assertThat(r.line()).isEqualTo(42);
    assertThat(r.deployVersion()).isEqualTo("2.14.0");
    assertThat(r.deployCommit()).isEqualTo("a41c9e2");
    assertThat(r.raw()).isEqualTo(GOOD);
    assertThat(reader.linesRead()).isEqualTo(1);
    assertThat(reader.unreadableLines()).isZero();
  }

  @Test
  void garbageBlankHugeAndIncompleteLinesAreCountedNeverFatal() {
    String huge = "{\"ts\":\"2024-05-14T13:50:12Z\",\"level\":\"INFO\",\"service\":\"s\",\"message\":\""
        + "x".repeat(JsonlLogReader.MAX_LINE_BYTES) + "\"}";
    String input = String.join("\n",
        GOOD,
        "not json at all",
        "",
        "   ",
        huge,
        "{\"ts\":\"2024-05-14T13:50:12Z\",\"level\":\"INFO\",\"service\":\"s\"}", // no message
        "{\"level\":\"INFO\",\"service\":\"s\",\"message\":\"m\"}", // no ts
        "{\"ts\":\"yesterday\",\"level\":\"INFO\",\"service\":\"s\",\"message\":\"m\"}", // bad ts
        "{\"ts\":\"2024-05-14T13:50:12Z\",\"level\":null,\"service\":\"s\",\"message\":\"m\"}", // null level
        "[1,2,3]",
        "42",
        "{\"ts\":\"2024-05-14T13:50:12Z\",\"level\":\"INFO\",\"service\":\"s\",\"message\":\"m\"} trailing",
        "{\"ts\":\"2024-05-14T13:50:12Z\",\"level\":\"INFO\",\"service\":\"s\",\"message\":\"cut",
        "{\"ts\":\"2024-05-14T15:50:12+02:00\",\"level\":\"WARN\",\"service\":\"s\",\"message\":\"offset\",\"line\":\"7\"}\r",
        "{\"ts\":\"2024-05-14T13:50:12\",\"level\":\"INFO\",\"service\":\"s\",\"message\":\"no zone\",\"line\":1e99}",
        GOOD); // last line without a newline
    JsonlLogReader reader = reader(input);
    List<LogRecord> records = ReadRecords.all(reader);

    assertThat(records).extracting(LogRecord::message)
        .containsExactly("pool empty", "offset", "no zone", "pool empty");
    assertThat(records.get(1).ts()).isEqualTo(Instant.parse("2024-05-14T13:50:12Z"));
    assertThat(records.get(1).line()).isEqualTo(7);
    assertThat(records.get(2).ts()).isEqualTo(Instant.parse("2024-05-14T13:50:12Z"));
    assertThat(records.get(2).line()).isNull();
    assertThat(reader.linesRead()).isEqualTo(16);
    assertThat(reader.blankLines()).isEqualTo(2);
    assertThat(reader.unreadableLines()).isEqualTo(10);
    assertThat(reader.hasNext()).isFalse();
  }

  @Test
  void aHugeLineDoesNotSwallowTheNextOne() {
    String input = "y".repeat(3 * JsonlLogReader.MAX_LINE_BYTES + 17) + "\n" + GOOD + "\n";
    JsonlLogReader reader = reader(input);
    assertThat(ReadRecords.all(reader)).hasSize(1);
    assertThat(reader.unreadableLines()).isEqualTo(1);
    assertThat(reader.linesRead()).isEqualTo(2);
  }

  @Test
  void invalidUtf8CostsOneRecordAtMost(@TempDir Path dir) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write("{\"ts\":\"2024-05-14T13:50:12Z\",\"level\":\"INFO\",\"service\":\"s\",\"message\":\"".getBytes(StandardCharsets.UTF_8));
    bytes.write(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
    bytes.write("\"}\n".getBytes(StandardCharsets.UTF_8));
    bytes.write((GOOD + "\n").getBytes(StandardCharsets.UTF_8));
    Path file = dir.resolve("bad.jsonl");
    Files.write(file, bytes.toByteArray());

    try (JsonlLogReader reader = JsonlLogReader.open(file)) {
      List<LogRecord> records = ReadRecords.all(reader);
      assertThat(records).hasSize(2); // the mangled characters are replaced, the record survives
      assertThat(records.get(1).message()).isEqualTo("pool empty");
      assertThat(reader.source()).isEqualTo(file.toString());
    }
  }

  @Test
  void streamsAndIsEmptyOnEmptyInput() {
    JsonlLogReader empty = reader("");
    assertThat(empty.stream().count()).isZero();
    assertThat(empty.linesRead()).isZero();

    JsonlLogReader two = reader(GOOD + "\n\n" + GOOD + "\n");
    assertThat(two.stream().filter(LogRecord::isError).count()).isEqualTo(2);
    assertThat(two.linesRead()).isEqualTo(3);
    assertThat(two.blankLines()).isEqualTo(1);
  }

  @Test
  void linesAcrossReadBuffersAndNonAsciiTextSurvive() {
    StringBuilder input = new StringBuilder();
    int n = 5_000; // ~1 MB: many lines straddle the 64 KiB read buffer
    for (int i = 0; i < n; i++) {
      input.append("{\"ts\":\"2024-05-14T13:50:12.1Z\",\"level\":\"INFO\",\"service\":\"s\",\"message\":\"Grüße ✓ 🚀 ")
          .append("p".repeat(i % 300)).append(i).append("\"}").append(i % 2 == 0 ? "\n" : "\r\n");
    }
    JsonlLogReader reader = reader(input.toString());
    List<LogRecord> records = ReadRecords.all(reader);
    assertThat(records).hasSize(n);
    assertThat(reader.unreadableLines()).isZero();
    assertThat(records.get(4_999).message()).startsWith("Grüße ✓ 🚀 ").endsWith("4999");
    assertThat(records.get(1).raw()).endsWith("1\"}"); // the CR of CRLF is not part of the record
    assertThat(records.get(0).ts()).isEqualTo(Instant.parse("2024-05-14T13:50:12.100Z"));
  }

  @Test
  void aLineOfExactlyTheLimitIsReadAndOneByteMoreIsNot() {
    String head = "{\"ts\":\"2024-05-14T13:50:12Z\",\"level\":\"INFO\",\"service\":\"s\",\"message\":\"";
    String atLimit = head + "m".repeat(JsonlLogReader.MAX_LINE_BYTES - head.length() - 2) + "\"}";
    String overLimit = head + "m".repeat(JsonlLogReader.MAX_LINE_BYTES - head.length() - 1) + "\"}";
    assertThat(atLimit).hasSize(JsonlLogReader.MAX_LINE_BYTES);
    JsonlLogReader reader = reader(atLimit + "\n" + overLimit + "\n" + atLimit);
    assertThat(ReadRecords.all(reader)).hasSize(2);
    assertThat(reader.unreadableLines()).isEqualTo(1);
  }

  @Test
  void parsesTheTimestampForms() {
    assertThat(JsonlLogReader.parseInstant("2024-07-09T10:17:00.123456789Z"))
        .isEqualTo(Instant.parse("2024-07-09T10:17:00.123456789Z"));
    assertThat(JsonlLogReader.parseInstant("2024-07-09T10:17:00.5Z")).isEqualTo(Instant.parse("2024-07-09T10:17:00.500Z"));
    assertThat(JsonlLogReader.parseInstant("2016-12-31T23:59:60Z")).isEqualTo(Instant.parse("2016-12-31T23:59:60Z"));
    assertThat(JsonlLogReader.parseInstant("2024-02-30T10:17:00Z")).isNull();
    assertThat(JsonlLogReader.parseInstant("2024-07-09T25:17:00Z")).isNull();
    assertThat(JsonlLogReader.parseInstant("2024-07-09T10:17:00Z")).isEqualTo(Instant.parse("2024-07-09T10:17:00Z"));
    assertThat(JsonlLogReader.parseInstant("2024-07-09T12:17:00+02:00")).isEqualTo(Instant.parse("2024-07-09T10:17:00Z"));
    assertThat(JsonlLogReader.parseInstant("2024-07-09T10:17:00")).isEqualTo(Instant.parse("2024-07-09T10:17:00Z"));
    assertThat(JsonlLogReader.parseInstant("soon")).isNull();
    assertThat(JsonlLogReader.parseInstant(null)).isNull();
  }
}
