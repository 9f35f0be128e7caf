package dev.selfheal.activities.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * A record as one line of the structured format ({@code shared/eval/FORMAT.md}), so records read
 * from plain text can join a JSONL log window and be read back by {@link JsonlLogReader} with
 * everything the analyzer uses. The record's text after its first line (stack frames, traceback)
 * goes into {@code stack}, one element per line.
 */
final class LogRecordJson {
  private static final JsonFactory JSON = new JsonFactory();

  private LogRecordJson() {}

  static String line(LogRecord r) {
    StringWriter out = new StringWriter(r.raw() == null ? 256 : r.raw().length() + 256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("ts", r.ts().toString());
      g.writeStringField("level", r.level());
      g.writeStringField("service", r.service());
      g.writeStringField("message", r.message());
      optional(g, "component", r.component());
      optional(g, "error_type", r.errorType());
      optional(g, "trace_id", r.traceId());
      optional(g, "span_id", r.spanId());
      optional(g, "parent_span_id", r.parentSpanId());
      optional(g, "caused_by", r.causedBy());
      optional(g, "file", r.file());
      if (r.line() != null) {
        g.writeNumberField("line", r.line());
      }
      if (r.deployVersion() != null || r.deployCommit() != null) {
        g.writeObjectFieldStart("deploy");
        optional(g, "version", r.deployVersion());
        optional(g, "commit", r.deployCommit());
        g.writeEndObject();
      }
      String raw = r.raw() == null ? "" : r.raw();
      int firstBreak = raw.indexOf('\n');
      if (firstBreak >= 0) {
        g.writeArrayFieldStart("stack");
        for (String frame : raw.substring(firstBreak + 1).split("\n", -1)) {
          g.writeString(frame);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("a StringWriter does not fail", e);
    }
    return out.toString();
  }

  private static void optional(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }
}
