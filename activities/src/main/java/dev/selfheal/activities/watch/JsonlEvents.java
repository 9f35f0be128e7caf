package dev.selfheal.activities.watch;

import dev.selfheal.activities.logs.JsonObjectLines;

/**
 * One JSONL line as a {@link LogEvent}. Lenient about names, since services log with whatever
 * their library calls things ({@link JsonObjectLines} reads the usual ones: {@code ts}/{@code
 * time}/{@code @timestamp}, {@code level}/{@code severity}, {@code message}/{@code msg}, an
 * {@code error_type}, an {@code error}/{@code exception} object with its type, message and
 * stack); a line without a time is still an event. The stack (a string with line breaks, or an
 * array of lines) is read the way a plain-text one is ({@link StackSummary}).
 */
final class JsonlEvents {
  private JsonlEvents() {}

  /** The event, or null when the line is not a JSON object. */
  static LogEvent parse(String line, String file, long offset) {
    JsonObjectLines.Fields f = JsonObjectLines.read(line);
    if (f == null) {
      return null;
    }
    StackSummary stack = new StackSummary();
    if (f.message() != null) {
      stack.message(f.message());
    }
    if (f.errorText() != null) {
      f.errorText().lines().forEach(stack::line);
    }
    String type = f.errorType() != null ? f.errorType() : stack.errorType();
    String exceptionMessage = f.errorMessage() != null ? f.errorMessage() : stack.exceptionMessage();
    return new LogEvent(f.ts(), f.level(), f.message(), type, exceptionMessage, stack.topFrame(), file, offset);
  }
}
