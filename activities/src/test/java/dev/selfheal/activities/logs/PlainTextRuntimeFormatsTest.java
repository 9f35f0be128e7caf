package dev.selfheal.activities.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plain-text formats of runtimes other than the JVM, Python and Node: .NET and Serilog, Ruby
 * Logger and Rails, PHP's error log, Go and Rust panics, env_logger, gunicorn and uvicorn. Each
 * sample is what the runtime prints, with near misses that must not be read as its lines.
 */
class PlainTextRuntimeFormatsTest {
  private static final Instant READ_AT = Instant.parse("2026-01-01T12:00:00Z");

  private static PlainTextLogReader reader(String source, String... lines) {
    String content = String.join("\n", lines) + "\n";
    return new PlainTextLogReader(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), source, READ_AT);
  }

  private static List<LogRecord> readAll(PlainTextLogReader reader) {
    List<LogRecord> records = new ArrayList<>();
    reader.forEachRemaining(records::add);
    return records;
  }

  @Test
  void gunicornLevelsAndUvicornLinesWithTheirTracebacks() {
    PlainTextLogReader reader = reader("api.log",
        "ERROR:    Exception in ASGI application", // no record before it: no time to take
        "[2026-01-01 10:00:00 +0000] [1] [INFO] Booting worker with pid: 8",
        "[2026-01-01 10:00:01 +0000] [8] [ERROR] Error handling request /api/orders",
        "Traceback (most recent call last):",
        "  File \"/app/orders.py\", line 3, in get",
        "KeyError: 'sku'",
        "INFO:     10.0.0.7:5000 - \"GET /api/cart HTTP/1.1\" 500 Internal Server Error",
        "ERROR:    Exception in ASGI application",
        "Traceback (most recent call last):",
        "  File \"/app/cart.py\", line 9, in total",
        "ValueError: negative quantity",
        "[2026-01-01 10:00:02 +0000] [8] [main] [worker] a thread and a logger, no level");
    List<LogRecord> records = readAll(reader);

    assertThat(records).extracting(LogRecord::level).containsExactly("INFO", "ERROR", "INFO", "ERROR", "INFO");
    assertThat(records).extracting(LogRecord::errorType).containsExactly(null, "KeyError", null, "ValueError", null);
    assertThat(records.get(1).message()).isEqualTo("Error handling request /api/orders");
    LogRecord asgi = records.get(3);
    assertThat(asgi.ts()).isEqualTo(Instant.parse("2026-01-01T10:00:01Z"));
    assertThat(asgi.message()).isEqualTo("Exception in ASGI application");
    assertThat(asgi.raw().split("\n")).hasSize(4);
    assertThat(reader.unreadableLines()).isEqualTo(1);
  }
}
