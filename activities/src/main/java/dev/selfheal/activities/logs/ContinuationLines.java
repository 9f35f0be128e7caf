package dev.selfheal.activities.logs;

import java.util.regex.Pattern;

/**
 * What a line that belongs to the record above it looks like, when it is not indented: the
 * exception line and {@code Caused by:} chain of a Java stack trace, the markers and exception
 * lines of a Python traceback, the closing brace of the error object Node prints, PHP's stack
 * trace and {@code Next} exceptions (and Monolog's {@code [stacktrace]} block), Ruby's backtrace frames. Anything else
 * that is neither a header nor one of these is garbage: the reader counts it instead of quietly
 * gluing it onto the record before.
 */
public final class ContinuationLines {
  private static final String[] MARKERS = {
    "Caused by:", "Suppressed:", "...", "Traceback (", ExceptionChain.CHAINED_DURING, ExceptionChain.CHAINED_CAUSE,
    "Stack trace:", // PHP
    "[stacktrace]", "[previous exception]", "\"}" // Monolog's exception context (Laravel)
  };

  /**
   * {@code java.io.IOException: msg}, {@code TypeError: msg}, {@code KeyboardInterrupt}, .NET's
   * {@code System.Net.Sockets.SocketException (111): msg}.
   */
  private static final Pattern EXCEPTION_LINE =
      Pattern.compile("^(?:[A-Za-z_][\\w$]*\\.)*[A-Z][\\w$]*(?: \\((?:0x[0-9A-Fa-f]+|-?\\d+)\\))?(?::.*)?$");
  /** PHP's {@code Next App\Exception\Wrapped: msg in /f.php:40}, the next exception of a chain. */
  private static final Pattern PHP_NEXT = Pattern.compile("^Next (?:exception '|[\\w\\\\]+: )");

  private ContinuationLines() {}

  /** Whether {@code line} (not blank, not a header) continues the record above it. */
  public static boolean looksLike(String line) {
    char first = line.charAt(0);
    if (first == ' ' || first == '\t' || first == '}' || first == ']' || first == ')') {
      return true;
    }
    if (first == '#') {
      return line.length() > 1 && Character.isDigit(line.charAt(1)); // PHP's #0 /src/Db.php(22): ...
    }
    for (String marker : MARKERS) {
      if (line.startsWith(marker)) {
        return true;
      }
    }
    return EXCEPTION_LINE.matcher(line).matches()
        || first == 'N' && PHP_NEXT.matcher(line).lookingAt()
        || RubyLoggerLines.isFrame(line); // Logger prints an exception's backtrace unindented
  }
}
