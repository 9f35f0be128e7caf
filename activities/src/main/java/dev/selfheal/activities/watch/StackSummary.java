package dev.selfheal.activities.watch;

import dev.selfheal.activities.logs.ExceptionChain;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Java stack trace or Python traceback says, read line by line in bounded memory: the
 * outermost exception's type and message (from {@link ExceptionChain}, the diagnosis readers'
 * reading) and the frame it was thrown from. Java: the first {@code at} line. Python: the last
 * {@code File "...", line N, in f} line, the innermost frame of the last (outermost) traceback.
 */
final class StackSummary {
  private static final Pattern JAVA_EXCEPTION = Pattern.compile(
      "^((?:[A-Za-z_$][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error|Throwable|Failure|Fault))(?::\\s?(.*))?$");
  private static final Pattern PYTHON_EXCEPTION = Pattern.compile("^[A-Za-z_][\\w.]*(?::\\s?(.*))?$");

  private final ExceptionChain chain = new ExceptionChain();
  private String javaFrame;
  private String javaMessage;
  private String pythonFrame;
  private boolean traceback;

  /** The log line's message, which may name the error itself. */
  void message(String message) {
    chain.message(message);
  }

  /** Whether a traceback starting now continues this one (the next in a chain). */
  boolean takesTraceback() {
    return chain.takesTraceback();
  }

  void line(String line) {
    if (line.isBlank()) {
      return;
    }
    chain.line(line);
    if (ExceptionChain.startsTraceback(line)) {
      traceback = true;
      return;
    }
    String stripped = line.strip();
    if (stripped.startsWith("at ")) {
      if (javaFrame == null) {
        javaFrame = stripped.substring(3);
      }
    } else if (stripped.startsWith("File \"")) {
      pythonFrame = stripped;
    } else if (javaMessage == null && !Character.isWhitespace(line.charAt(0))) {
      Matcher m = JAVA_EXCEPTION.matcher(line);
      if (m.matches()) {
        javaMessage = m.group(2) == null ? "" : m.group(2);
      }
    }
  }

  String errorType() {
    return chain.errorType();
  }

  /** The outermost exception's message; null when the lines showed no exception line. */
  String exceptionMessage() {
    if (traceback) {
      String outermost = chain.outermostPythonException();
      if (outermost == null) {
        return null;
      }
      Matcher m = PYTHON_EXCEPTION.matcher(outermost);
      return m.matches() && m.group(1) != null ? m.group(1) : "";
    }
    return javaMessage;
  }

  String topFrame() {
    return traceback ? pythonFrame : javaFrame;
  }
}
