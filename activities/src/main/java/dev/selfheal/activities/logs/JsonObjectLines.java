package dev.selfheal.activities.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON object per line as logging libraries print it to a plain-text log: Go's zap and slog,
 * Node's pino and bunyan, Python's structlog and json-logger, logstash's encoder, Serilog's
 * compact form, MongoDB's own log. Each names its fields its own way; the usual names are read
 * (nested objects by dotted path, {@code err.type}, {@code t.$date}), numeric levels as pino and
 * bunyan mean them (50 error, 60 fatal) and MongoDB's letters. The error's text (a stack, a
 * traceback) is kept apart so the record's exception chain can be read from it. A Kubernetes
 * event in JSON is read as {@link KubernetesEventLines} reads its printed line.
 */
public final class JsonObjectLines {
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern FILE_LINE = Pattern.compile("(.+?):(\\d{1,9})(?::\\d+)?");
  /** Nested objects are read this deep; deeper ones are attributes nobody names. */
  private static final int MAX_DEPTH = 3;

  private static final String[] TIME = {"ts", "time", "timestamp", "@timestamp", "t.$date", "t", "date", "datetime",
      "asctime", "@t", "Timestamp", "eventTime", "lastTimestamp", "firstTimestamp", "metadata.creationTimestamp",
      "start_time", "timeMillis", "instant.epochSecond"};
  private static final String[] LEVEL = {"level", "lvl", "severity", "levelname", "log.level", "@l", "Level", "loglevel", "s"};
  private static final String[] MESSAGE = {"msg", "message", "@m", "event", "@mt", "Message", "MessageTemplate", "log", "text",
      "short_message"};
  private static final String[] ERROR_TEXT = {"err.stack", "error.stack", "exception.stack", "exc.stack", "stack",
      "stack_trace", "stacktrace", "traceback", "exception", "exc_info", "exception.stacktrace", "error.stack_trace", "@x",
      "Exception", "exc_text", "thrown.extendedStackTrace", "full_message"};
  private static final String[] ERROR_MESSAGE = {"err.message", "error.message", "exception.message", "exc.message", "error",
      "err", "errorMessage", "thrown.message", "attr.error.errmsg", "attr.errmsg", "attr.message", "attr.reason", "attr.error"};
  private static final String[] ERROR_TYPE = {"error_type", "exception_type", "exc_type", "err.type", "error.type",
      "error.kind", "exception.type", "exc.type", "err.name", "error.name", "errorType", "thrown.name", "exception.class",
      "error.class"};
  private static final String[] TRACE = {"trace_id", "traceId", "traceID", "trace.id", "dd.trace_id", "otelTraceID",
      "@tr", "TraceId", "logging.googleapis.com/trace"};
  private static final String[] SPAN = {"span_id", "spanId", "spanID", "span.id", "dd.span_id", "otelSpanID", "@sp", "SpanId"};
  private static final String[] COMPONENT = {"logger", "logger_name", "name", "component", "c", "SourceContext", "module",
      "loggerName", "log.logger"};
  private static final String[] CALLER = {"caller", "source", "src"};
  /** An access log's answer, and the request it answered. */
  private static final String[] STATUS = {"status", "status_code", "statusCode", "response_code", "http.status_code",
      "http.response.status_code", "response.status", "res.statusCode", "resp_status", "httpRequest.status"};
  private static final String[] METHOD = {"method", "request.method", "req.method", "http.method", "http.request.method",
      "httpRequest.requestMethod"};
  private static final String[] PATH = {"path", "uri", "url", "request.uri", "req.url", "http.target", "http.url",
      "url.path", "httpRequest.requestUrl"};

  /**
   * A JSON line's header, the error text it carries (null when none), and whether it named its
   * level and message (a JSONL file's lines must, as the case format's do).
   */
  record Parsed(PlainTextHeader header, String errorText, boolean complete) {}

  /**
   * What a JSON log line says, by the usual names; any may be null but {@code level} (INFO when
   * the line names none).
   *
   * @param levelNamed whether the line named its level
   * @param errorText the error's stack or traceback, one frame per line (a JSON array of lines is joined)
   */
  public record Fields(Instant ts, String level, boolean levelNamed, String message, String errorType, String errorMessage,
      String errorText, String component, String traceId, String spanId, String caller) {}

  private JsonObjectLines() {}

  static boolean looksLike(String line) {
    return line.charAt(0) == '{' && line.charAt(line.length() - 1) == '}';
  }

  /** What the line says, or null when it is not a JSON object. */
  public static Fields read(String line) {
    Map<String, JsonNode> fields = flat(line);
    return fields == null ? null : read(fields);
  }

  /** The line's fields by dotted path, or null when it is not a JSON object. */
  private static Map<String, JsonNode> flat(String line) {
    JsonNode root;
    try {
      root = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return null;
    }
    if (root == null || !root.isObject()) {
      return null;
    }
    Map<String, JsonNode> fields = new HashMap<>();
    flatten("", root, fields, 0);
    return fields;
  }

  private static Fields read(Map<String, JsonNode> fields) {
    JsonNode level = first(fields, LEVEL);
    String errorType = text(first(fields, ERROR_TYPE));
    Instant ts = instant(first(fields, TIME));
    JsonNode nanos = fields.get("instant.nanoOfSecond"); // log4j2's JsonLayout splits its instant in two
    if (ts != null && nanos != null && nanos.canConvertToLong() && fields.containsKey("instant.epochSecond")) {
      ts = ts.plusNanos(Math.floorMod(nanos.asLong(), 1_000_000_000L));
    }
    return new Fields(ts, level(level), level != null, text(first(fields, MESSAGE)),
        errorType == null ? null : errorType.replaceFirst("^[*&]+", ""), text(first(fields, ERROR_MESSAGE)),
        errorText(fields), text(first(fields, COMPONENT)), text(first(fields, TRACE)), text(first(fields, SPAN)),
        text(first(fields, CALLER)));
  }

  /** The line as a record's header, or null when it is not a JSON object with a readable time. */
  static Parsed parse(String line) {
    Map<String, JsonNode> fields = flat(line);
    Fields f = fields == null ? null : read(fields);
    if (f == null || f.ts() == null) {
      return null;
    }
    PlainTextHeader event = kubernetesEvent(fields, f);
    if (event != null) {
      return new Parsed(event, null, true);
    }
    PlainTextHeader access = serverError(fields, f);
    if (access != null) {
      return new Parsed(access, f.errorText(), true);
    }
    String message = f.message();
    String errorText = f.errorText();
    String errorMessage = f.errorMessage();
    if (errorMessage != null && errorText != null && errorText.contains(errorMessage)) {
      errorMessage = null; // the stack says it already
    }
    if (message == null) {
      message = errorMessage != null ? errorMessage : errorText != null ? errorText.lines().findFirst().orElse("") : line;
    } else if (errorMessage != null && !message.contains(errorMessage)) {
      message = message + ": " + errorMessage; // Go code puts the interesting half in "error"
    }
    String file = null;
    Integer lineNumber = null;
    if (f.caller() != null) {
      Matcher fl = FILE_LINE.matcher(f.caller());
      if (fl.matches()) {
        file = fl.group(1);
        lineNumber = Integer.valueOf(fl.group(2));
      }
    }
    PlainTextHeader header = new PlainTextHeader(f.ts(), f.level(), null, f.component(), message, f.errorType(),
        f.traceId(), f.spanId(), file, lineNumber, false);
    return new Parsed(header, errorText, f.levelNamed() && f.message() != null);
  }

  /**
   * A line of a JSONL file that is not in the case format but in a logging library's own, as a
   * record of {@code service} (the file's); null when it is neither, or names no level or message.
   */
  static LogRecord record(String line, String service) {
    Parsed parsed = parse(line);
    if (parsed == null || !parsed.complete()) {
      return null;
    }
    PlainTextHeader h = parsed.header();
    ExceptionChain exceptions = new ExceptionChain();
    exceptions.message(h.message());
    if (parsed.errorText() != null) {
      parsed.errorText().lines().forEach(exceptions::line);
    }
    return new LogRecord(h.ts(), h.level(), service, h.message(), h.component(),
        h.errorType() != null ? h.errorType() : exceptions.errorType(), h.traceId(), h.spanId(), null, exceptions.causedBy(),
        h.file(), h.line(), null, null, parsed.errorText() == null ? line : line + "\n" + parsed.errorText());
  }

  /**
   * A Kubernetes event as JSON (an event exporter's line, {@code kubectl get events -o json}'s
   * items): read as the event line it would print, so its workload is the service and its reason
   * the error type; null when the object is not an event.
   */
  private static PlainTextHeader kubernetesEvent(Map<String, JsonNode> fields, Fields f) {
    String kind = text(fields.get("involvedObject.kind"));
    String name = text(fields.get("involvedObject.name"));
    String reason = text(fields.get("reason"));
    String type = text(fields.get("type"));
    if (kind == null || name == null || reason == null || !("Normal".equals(type) || "Warning".equals(type))) {
      return null;
    }
    return KubernetesEventLines.event(f.ts(), type + " " + reason + " " + kind + "/" + name + " "
        + (f.message() == null ? "" : f.message().replace('\n', ' ')));
  }

  /**
   * A JSON access-log line (Envoy's, Caddy's, nginx's JSON format, pino-http) that answered 5xx:
   * an ERROR of type {@code HTTP_<status>}, as a plain access line is; null for any other line.
   */
  private static PlainTextHeader serverError(Map<String, JsonNode> fields, Fields f) {
    JsonNode statusField = first(fields, STATUS);
    int status = statusField == null ? 0 : statusField.isNumber() ? statusField.asInt() : parseStatus(statusField.asText());
    if (status < 500 || status > 599) {
      return null;
    }
    String request = text(first(fields, METHOD)) == null || text(first(fields, PATH)) == null ? null
        : text(first(fields, METHOD)) + " " + text(first(fields, PATH));
    String message = request != null ? request + " " + status + (f.message() == null ? "" : ": " + f.message())
        : f.message() != null ? f.message() : "HTTP " + status;
    String upstream = text(first(fields, new String[] {"upstream_cluster", "upstream_host", "upstream", "upstream_addr"}));
    return new PlainTextHeader(f.ts(), "FATAL".equals(f.level()) ? "FATAL" : "ERROR", null,
        upstream != null ? upstream : f.component(), message, f.errorType() != null ? f.errorType() : "HTTP_" + status,
        f.traceId(), f.spanId(), null, null, false);
  }

  private static int parseStatus(String text) {
    String s = text.strip();
    return s.length() == 3 && Character.isDigit(s.charAt(0)) && Character.isDigit(s.charAt(1)) && Character.isDigit(s.charAt(2))
        ? Integer.parseInt(s) : 0;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> into, int depth) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix + e.getKey();
      into.putIfAbsent(key, e.getValue());
      if (e.getValue().isObject() && depth + 1 < MAX_DEPTH) {
        flatten(key + ".", e.getValue(), into, depth + 1);
      }
    }
  }

  private static JsonNode first(Map<String, JsonNode> fields, String[] names) {
    for (String name : names) {
      JsonNode value = fields.get(name);
      if (value != null && !value.isNull() && !value.isContainerNode() && !value.asText().isBlank()) {
        return value;
      }
    }
    return null;
  }

  /** The error's text: a string, or an array of lines. */
  private static String errorText(Map<String, JsonNode> fields) {
    for (String name : ERROR_TEXT) {
      JsonNode value = fields.get(name);
      if (value != null && value.isArray()) {
        StringBuilder lines = new StringBuilder();
        value.forEach(v -> {
          if (v.isTextual()) {
            lines.append(lines.length() == 0 ? "" : "\n").append(v.asText());
          }
        });
        if (lines.length() > 0) {
          return lines.toString();
        }
      }
    }
    return text(first(fields, ERROR_TEXT));
  }

  private static String text(JsonNode value) {
    return value == null ? null : value.asText();
  }

  /** ISO-8601 text (with a space for the T, or a comma before the fraction), or epoch seconds, millis, micros or nanos. */
  static Instant instant(JsonNode value) {
    if (value == null) {
      return null;
    }
    if (value.isNumber()) {
      BigDecimal n = value.decimalValue();
      if (n.signum() <= 0) {
        return null;
      }
      // the magnitude says the unit: seconds are ~1.7e9 now, millis ~1.7e12, micros ~1.7e15, nanos ~1.7e18
      BigDecimal nanos = n.compareTo(BigDecimal.valueOf(1e11)) < 0 ? n.movePointRight(9)
          : n.compareTo(BigDecimal.valueOf(1e14)) < 0 ? n.movePointRight(6)
          : n.compareTo(BigDecimal.valueOf(1e17)) < 0 ? n.movePointRight(3) : n;
      try {
        long total = nanos.longValueExact();
        return Instant.ofEpochSecond(Math.floorDiv(total, 1_000_000_000L), Math.floorMod(total, 1_000_000_000L));
      } catch (ArithmeticException e) {
        return null; // a fraction finer than nanos, or beyond a long: not a time
      }
    }
    String s = value.asText().strip();
    if (s.length() < 19) {
      return null;
    }
    return JsonlLogReader.parseInstant(s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11).replace(',', '.')
        : s.replace(',', '.'));
  }

  /** Text levels in any case; pino's and bunyan's numbers; MongoDB's letters. INFO when there is none. */
  static String level(JsonNode value) {
    if (value == null) {
      return "INFO";
    }
    if (value.isNumber()) {
      int n = value.asInt();
      return n >= 60 ? "FATAL" : n >= 50 ? "ERROR" : n >= 40 ? "WARN" : n >= 30 ? "INFO" : "DEBUG";
    }
    String word = value.asText().strip().toUpperCase(Locale.ROOT);
    switch (word) {
      case "F":
        return "FATAL";
      case "E":
        return "ERROR";
      case "W":
        return "WARN";
      case "I":
        return "INFO";
      default:
        break;
    }
    String level = LogLevels.of(word);
    return level == null ? word.startsWith("D") ? "DEBUG" : "INFO" : level;
  }
}
