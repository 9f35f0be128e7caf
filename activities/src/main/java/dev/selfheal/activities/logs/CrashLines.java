package dev.selfheal.activities.logs;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a process prints to stderr as it dies, with no timestamp: a Go {@code panic: ...} or
 * {@code fatal error: ...} and its goroutine dump, a Rust {@code thread 'main' panicked at
 * src/main.rs:10:5:}, .NET's {@code Unhandled exception. System.X: ...}, Java's {@code Exception in
 * thread "main" ...} and the JVM's {@code Terminating due to java.lang.OutOfMemoryError: ...}. Each is a FATAL record of its own, at the time of the record before it: the
 * crash came after that line was written and before the next, and nothing better is printed (a
 * crash as a file's first line has no time to take and is counted unreadable, as a bare Python
 * traceback is).
 *
 * <p>The error type is left to the names in the record: a Go or Rust panic message rarely names a
 * type ({@code runtime error: invalid memory address ...}), and when it does ({@code panic:
 * ValidationError: ...}, {@code unwrap() on an Err value: ConnectionError}) that is the type.
 */
final class CrashLines {
  /** Rust: {@code thread 'main' panicked at src/main.rs:10:5:} (1.73+), or the older {@code panicked at 'msg', src/main.rs:10:5}. */
  private static final Pattern RUST = Pattern.compile(
      "^thread '([^']*)' panicked at (?:'(.*)', )?(\\S+?):(\\d{1,9}):\\d{1,9}:?$");
  /** Go function lines of a goroutine dump: {@code main.(*Server).handle(0x0, {0x7f...})}. */
  private static final Pattern GO_CALL = Pattern.compile("^[\\w./*()\\[\\]-]+?\\(.*\\)$");

  private CrashLines() {}

  /** The header of a crash starting at {@code line}, at {@code ts}, or null when none starts. */
  static PlainTextHeader header(String line, Instant ts) {
    switch (line.charAt(0)) {
      case 'p', 'f' -> {
        if (line.startsWith("panic: ") || line.startsWith("fatal error: ")) {
          return PlainTextHeader.of(ts, "FATAL", null, line);
        }
      }
      case 't' -> {
        if (line.startsWith("thread '")) {
          Matcher rust = RUST.matcher(line);
          if (rust.matches()) {
            String message = rust.group(2) == null ? "" : rust.group(2); // 1.73+: on the next line
            return new PlainTextHeader(ts, "FATAL", null, rust.group(1), message, null, null, null, rust.group(3),
                Integer.valueOf(rust.group(4)), false);
          }
        }
      }
      case 'T' -> {
        // the JVM under -XX:+ExitOnOutOfMemoryError: "Terminating due to java.lang.OutOfMemoryError: Java heap space"
        if (line.startsWith("Terminating due to java.lang.OutOfMemoryError")) {
          return PlainTextHeader.of(ts, "FATAL", null, line.substring("Terminating due to ".length()));
        }
      }
      case 'U' -> {
        if (line.startsWith("Unhandled exception. ")) {
          return PlainTextHeader.of(ts, "FATAL", null, line.substring("Unhandled exception. ".length()));
        }
      }
      case 'E' -> {
        if (line.startsWith("Exception in thread \"")) {
          return PlainTextHeader.of(ts, "FATAL", null, line);
        }
      }
      default -> {
        // no crash starts with anything else
      }
    }
    return null;
  }

  /**
   * Whether {@code line} (not indented, not a header) continues a crash record: Go's signal line,
   * goroutine headers and function lines, Rust's notes.
   */
  static boolean continues(String line) {
    return line.startsWith("goroutine ") || line.startsWith("[signal ") || line.startsWith("created by ")
        || line.startsWith("runtime stack:") || line.startsWith("exit status ") || line.startsWith("...")
        || line.startsWith("note: ") || line.startsWith("stack backtrace:")
        || line.endsWith(")") && GO_CALL.matcher(line).matches();
  }
}
