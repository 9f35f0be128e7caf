package dev.selfheal.activities.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogReadersTest {
  private static final Instant READ_AT = Instant.parse("2026-01-01T12:00:00Z");

  @TempDir Path tmp;

  @Test
  void rotatedLogsCompressedWithGzipAreReadByTheNameTheyHadBefore() throws Exception {
    Path plain = gzip("billing.log.1.gz", "2026-01-01 10:00:05.123 ERROR [main] c.a.Billing - post failed\n"
        + "java.lang.IllegalStateException: no invoice\n");
    Path jsonl = gzip("orders.jsonl.gz",
        "{\"ts\":\"2026-01-01T10:00:06Z\",\"level\":\"ERROR\",\"service\":\"orders\",\"message\":\"save failed\"}\n");

    List<LogRecord> fromPlain;
    try (LogReader reader = LogReaders.open(plain, READ_AT)) {
      fromPlain = ReadRecords.all(reader);
    }
    List<LogRecord> fromJsonl;
    try (LogReader reader = LogReaders.open(jsonl, READ_AT)) {
      fromJsonl = ReadRecords.all(reader);
    }

    assertThat(fromPlain).singleElement().satisfies(r -> {
      assertThat(r.service()).isEqualTo("billing");
      assertThat(r.errorType()).isEqualTo("java.lang.IllegalStateException");
    });
    assertThat(fromJsonl).extracting(LogRecord::message).containsExactly("save failed");
  }

  @Test
  void aFileNamedGzThatIsNotGzipIsRefusedWithAnError() throws Exception {
    Path fake = tmp.resolve("app.log.gz");
    Files.writeString(fake, "2026-01-01 10:00:05.123 ERROR plain text after all\n");

    assertThatThrownBy(() -> LogReaders.open(fake, READ_AT)).isInstanceOf(IOException.class);
  }

  private Path gzip(String name, String content) throws IOException {
    Path file = tmp.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }
}
