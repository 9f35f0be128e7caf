package dev.selfheal.activities.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Reads structured error records, one JSON object per line (see {@code shared/eval/FORMAT.md}):
 * required {@code ts}, {@code level}, {@code service}, {@code message}; optional {@code
 * component}, {@code error_type}, {@code trace_id}, {@code span_id}, {@code parent_span_id},
 * {@code caused_by}, {@code file}, {@code line}, {@code deploy {version, commit}}. Everything
 * else ({@code stack}, {@code attrs}) is skipped without being materialized, because the
 * analyzer never needs it and it is most of the bytes.
 *
 * <p>A line that is not in this format but in a logging library's own JSON (pino, zap,
 * structlog; see {@link JsonObjectLines}) is read as a record of the file's service, when it
 * names a time, a level and a message.
 *
 * <p>Streaming and tolerant: one line in memory at a time (at most {@link #MAX_LINE_BYTES});
 * a line that is not a JSON object, lacks a required field or has an unparseable timestamp is
 * counted as unreadable and skipped.
 */
public final class JsonlLogReader extends LineLogReader {
  /** Longer lines are cut, counted unreadable and skipped: no sane record is that big. */
  public static final int MAX_LINE_BYTES = 64 * 1024;

  // Thread-safe once configured; parsers are cheap, factories are not.
  private static final JsonFactory JSON = new JsonFactory();


  private final String fileService;

  /** Reads UTF-8 from {@code in}, which is closed with this reader. */
  public JsonlLogReader(InputStream in, String source) {
    super(in, source, MAX_LINE_BYTES);
    this.fileService = PlainTextLogReader.serviceOf(source);
  }

  public static JsonlLogReader open(Path file) throws IOException {
    return new JsonlLogReader(Files.newInputStream(file), file.toString());
  }

  @Override
  protected LogRecord readNext() throws IOException {
    while (lines.next()) {
      linesRead++;
      if (lines.truncated()) {
        unreadable++;
        continue;
      }
      if (lines.blank()) {
        blank++;
        continue;
      }
      LogRecord record = parse(lines.bytes(), lines.start(), lines.length());
      if (record == null && lines.bytes()[lines.start()] == '{') {
        // not the case format, but perhaps a logging library's own JSON (pino, zap, structlog)
        record = JsonObjectLines.record(new String(lines.bytes(), lines.start(), lines.length(), StandardCharsets.UTF_8),
            fileService);
      }
      if (record == null) {
        unreadable++;
        continue;
      }
      return record;
    }
    return null;
  }

  /**
   * One line of UTF-8 as a record, or null when it is not one (the caller counts it). Parsed
   * straight from the bytes, which is what keeps a million lines within seconds; a line whose
   * bytes are not valid UTF-8 gets a second chance decoded with replacement characters, so one
   * bad byte does not cost the record.
   */
  public static LogRecord parse(byte[] bytes, int start, int length) {
    String raw = new String(bytes, start, length, StandardCharsets.UTF_8);
    try (JsonParser p = JSON.createParser(bytes, start, length)) {
      return parse(p, raw);
    } catch (IOException e) {
      if (!hasNonAscii(bytes, start, length)) {
        return null; // not JSON (JsonParseException) or truncated mid-token
      }
    }
    return parse(raw);
  }

  /** One line as a record, or null when it is not one (the caller counts it). */
  public static LogRecord parse(String line) {
    try (JsonParser p = JSON.createParser(line)) {
      return parse(p, line);
    } catch (IOException e) {
      return null; // not JSON (JsonParseException) or truncated mid-token
    }
  }

  private static boolean hasNonAscii(byte[] bytes, int start, int length) {
    for (int i = start, end = start + length; i < end; i++) {
      if (bytes[i] < 0) {
        return true;
      }
    }
    return false;
  }

  private static LogRecord parse(JsonParser p, String line) throws IOException {
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
        level(level),
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

  /** The usual levels as shared constants (one String fewer per record kept); others upper-cased. */
  private static String level(String level) {
    return switch (level) {
      case "ERROR", "error" -> "ERROR";
      case "WARN", "warn" -> "WARN";
      case "INFO", "info" -> "INFO";
      case "DEBUG", "debug" -> "DEBUG";
      case "FATAL", "fatal" -> "FATAL";
      default -> level.trim().toUpperCase(Locale.ROOT);
    };
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
    Instant fast = fastUtcInstant(s);
    if (fast != null) {
      return fast;
    }
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

  private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

  /**
   * {@code 2024-05-14T13:50:12.693Z} by hand: the form nearly every record uses, and {@code
   * Instant.parse}, a general formatter, would otherwise be a large share of the reading time.
   * Anything else (offsets, leap seconds, odd widths) returns null for the general parsers.
   */
  private static Instant fastUtcInstant(String s) {
    int n = s.length();
    if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
        || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
        || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      int fractionDigits = n - 21;
      if (s.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
        return null;
      }
      int fraction = digits(s, 20, fractionDigits);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction * POW10[9 - fractionDigits];
    }
    try {
      long epochDay = LocalDate.of(year, month, day).toEpochDay(); // validates Feb 30 and the like
      return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The decimal number in {@code s[from, from+count)}, or -1 when it is not all digits. */
  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
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
