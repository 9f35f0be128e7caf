package dev.selfheal.activities.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * Reads structured error records, one JSON object per line (see {@code shared/eval/FORMAT.md}):
 * required {@code ts}, {@code level}, {@code service}, {@code message}; optional {@code
 * component}, {@code error_type}, {@code trace_id}, {@code span_id}, {@code parent_span_id},
 * {@code caused_by}, {@code file}, {@code line}, {@code deploy {version, commit}}. Everything
 * else ({@code stack}, {@code attrs}) is skipped without being materialized, because the
 * analyzer never needs it and it is most of the bytes.
 *
 * <p>Streaming and tolerant: one line in memory at a time (at most {@link #MAX_LINE_CHARS});
 * a line that is not a JSON object, lacks a required field or has an unparseable timestamp is
 * counted as unreadable and skipped.
 */
public final class JsonlLogReader implements LogReader {
  /** Longer lines are cut, counted unreadable and skipped: no sane record is that big. */
  public static final int MAX_LINE_CHARS = 64 * 1024;

  // Thread-safe once configured; parsers are cheap, factories are not.
  private static final JsonFactory JSON = new JsonFactory();

  private final BoundedLineReader lines;
  private final String source;
  private LogRecord next;
  private boolean done;
  private long linesRead;
  private long unreadable;
  private long blank;

  public JsonlLogReader(Reader reader, String source) {
    this.lines = new BoundedLineReader(reader, MAX_LINE_CHARS);
    this.source = source;
  }

  /**
   * Opens a file. Decoding replaces malformed UTF-8 instead of throwing (which {@code
   * Files.newBufferedReader} would do), so one bad byte costs one record at most.
   */
  public static JsonlLogReader open(Path file) throws IOException {
    Reader reader =
        new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8));
    return new JsonlLogReader(reader, file.toString());
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (done) {
      return false;
    }
    try {
      String line;
      while ((line = lines.readLine()) != null) {
        linesRead++;
        if (lines.lastLineTruncated()) {
          unreadable++;
          continue;
        }
        if (line.isBlank()) {
          blank++;
          continue;
        }
        LogRecord record = parse(line);
        if (record == null) {
          unreadable++;
          continue;
        }
        next = record;
        return true;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
    done = true;
    return false;
  }

  @Override
  public LogRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    LogRecord record = next;
    next = null;
    return record;
  }

  @Override
  public long linesRead() {
    return linesRead;
  }

  @Override
  public long unreadableLines() {
    return unreadable;
  }

  @Override
  public long blankLines() {
    return blank;
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }

  /** One line as a record, or null when it is not one. */
  static LogRecord parse(String line) {
    String ts = null;
    String level = null;
    String service = null;
    String message = null;
    String component = null;
    String errorType = null;
    String traceId = null;
    String spanId = null;
    String parentSpanId = null;
    String causedBy = null;
    String file = null;
    Integer lineNumber = null;
    String deployVersion = null;
    String deployCommit = null;
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      JsonToken token;
      while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "ts" -> ts = text(p, value);
          case "level" -> level = text(p, value);
          case "service" -> service = text(p, value);
          case "message" -> message = text(p, value);
          case "component" -> component = text(p, value);
          case "error_type" -> errorType = text(p, value);
          case "trace_id" -> traceId = text(p, value);
          case "span_id" -> spanId = text(p, value);
          case "parent_span_id" -> parentSpanId = text(p, value);
          case "caused_by" -> causedBy = text(p, value);
          case "file" -> file = text(p, value);
          case "line" -> lineNumber = integer(p, value);
          case "deploy" -> {
            if (value == JsonToken.START_OBJECT) {
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                if ("version".equals(key)) {
                  deployVersion = text(p, v);
                } else if ("commit".equals(key)) {
                  deployCommit = text(p, v);
                } else {
                  p.skipChildren();
                }
              }
            } else {
              p.skipChildren();
            }
          }
          default -> p.skipChildren();
        }
      }
      // trailing garbage after the object ("{...} xyz") makes the line suspect as a whole
      if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
        return null;
      }
    } catch (IOException e) {
      return null; // not JSON (JsonParseException) or truncated mid-token
    }
    if (ts == null || level == null || service == null || message == null
        || level.isBlank() || service.isBlank()) {
      return null;
    }
    Instant instant = parseInstant(ts);
    if (instant == null) {
      return null;
    }
    return new LogRecord(
        instant,
        level.trim().toUpperCase(Locale.ROOT),
        service,
        message,
        blankToNull(component),
        blankToNull(errorType),
        blankToNull(traceId),
        blankToNull(spanId),
        blankToNull(parentSpanId),
        blankToNull(causedBy),
        blankToNull(file),
        lineNumber,
        blankToNull(deployVersion),
        blankToNull(deployCommit),
        line);
  }

  /**
   * ISO-8601 with {@code Z} (the common case, fastest), with an offset, or without one (the
   * case README says timestamps are UTC); null when it is none of those.
   */
  public static Instant parseInstant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String s = text.trim();
    try {
      return Instant.parse(s);
    } catch (DateTimeException ignored) {
      // not the Z form; try the others
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeException ignored) {
      // no offset either
    }
    try {
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** Scalars as text; objects and arrays are skipped and read as absent. */
  private static String text(JsonParser p, JsonToken value) throws IOException {
    if (value == null || value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value.isScalarValue()) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  private static Integer integer(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT) {
      // a number beyond int is nonsense for a line number, not a reason to drop the record
      return p.getNumberType() == JsonParser.NumberType.INT ? p.getIntValue() : null;
    }
    String s = text(p, value);
    if (s == null) {
      return null;
    }
    try {
      return Integer.valueOf(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
