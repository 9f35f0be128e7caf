package dev.selfheal.activities.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.activities.logs.JsonlLogReader;
import dev.selfheal.activities.logs.LogLevels;
import java.time.Instant;
import java.util.Locale;

/**
 * One JSONL line as a {@link LogEvent}. Lenient about names, since services log with whatever
 * their library calls things: time in {@code ts}/{@code timestamp}/{@code time}/{@code @timestamp},
 * level in {@code level}/{@code severity}/{@code levelname}, message in {@code message}/{@code msg};
 * the error in {@code error_type} and a {@code stack} (a string with line breaks, or an array of
 * lines), or in an {@code error}/{@code exception} object with {@code type}, {@code message} and
 * {@code stack}. The stack is read the way a plain-text one is ({@link StackSummary}).
 */
final class JsonlEvents {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] TIME = {"ts", "timestamp", "time", "@timestamp"};
  private static final String[] LEVEL = {"level", "severity", "levelname", "log.level"};
  private static final String[] MESSAGE = {"message", "msg"};
  private static final String[] TYPE = {"error_type", "exception_type", "exc_type", "type"};
  private static final String[] STACK = {"stack", "stack_trace", "stacktrace", "traceback", "exc_info"};
  private static final String[] ERROR_OBJECT = {"error", "exception", "exc"};

  private JsonlEvents() {}

  /** The event, or null when the line is not a JSON object. */
  static LogEvent parse(String line, String file, long offset) {
    JsonNode root;
    try {
      root = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return null;
    }
    if (root == null || !root.isObject()) {
      return null;
    }
    Instant ts = JsonlLogReader.parseInstant(text(root, TIME));
    String levelWord = text(root, LEVEL);
    String level = levelWord == null ? null : LogLevels.of(levelWord.strip().toUpperCase(Locale.ROOT));
    String message = text(root, MESSAGE);
    JsonNode error = first(root, ERROR_OBJECT);
    JsonNode holder = error != null && error.isObject() ? error : root;
    String type = text(root, new String[] {"error_type", "exception_type", "exc_type"});
    if (type == null && holder != root) {
      type = text(holder, TYPE);
    }
    String exceptionMessage = holder != root ? text(holder, MESSAGE) : null;
    StackSummary stack = new StackSummary();
    if (message != null) {
      stack.message(message);
    }
    JsonNode frames = first(holder, STACK);
    if (frames == null && holder != root) {
      frames = first(root, STACK);
    }
    if (frames != null && frames.isArray()) {
      frames.forEach(f -> {
        if (f.isTextual()) {
          stack.line(f.asText());
        }
      });
    } else if (frames != null && frames.isTextual()) {
      frames.asText().lines().forEach(stack::line);
    }
    if (type == null) {
      type = stack.errorType();
    }
    if (exceptionMessage == null) {
      exceptionMessage = stack.exceptionMessage();
    }
    return new LogEvent(ts, level == null ? "INFO" : level, message, type, exceptionMessage, stack.topFrame(), file, offset);
  }

  private static JsonNode first(JsonNode node, String[] names) {
    for (String name : names) {
      JsonNode value = node.get(name);
      if (value != null && !value.isNull()) {
        return value;
      }
    }
    return null;
  }

  private static String text(JsonNode node, String[] names) {
    JsonNode value = first(node, names);
    if (value == null || !value.isValueNode()) {
      return null;
    }
    String s = value.asText();
    return s.isBlank() ? null : s;
  }
}
