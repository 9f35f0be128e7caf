package dev.selfheal.activities.logs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * Reads a plain-text log as services print it (see {@code shared/eval/cases/README.md}), one
 * {@link LogRecord} per record: a record starts at a header line, one that begins with a
 * timestamp in a format {@link PlainTextHeaderParser} knows, and takes every following line that
 * continues it (stack frames, {@code Caused by:}, tracebacks and the blank lines inside them; see
 * {@link ContinuationLines}). A line that is neither is counted unreadable and skipped, never
 * fatal; so is a continuation with no header above it. A Python traceback under no error line (a
 * crash printed to stderr between log lines) is a record of its own, an ERROR; so are the other
 * things printed without a time, at the time of the record before them: a process's dying words
 * ({@link CrashLines}: Go and Rust panics and the like, FATAL) and uvicorn's lines ({@link
 * UvicornLines}). A line that is a JSON object ({@link JsonObjectLines}: zap, pino, structlog,
 * MongoDB) is a record whose error text (a stack inside the JSON) is read as if printed below it.
 * A container runtime's wrapping (Docker's json-file, the CRI format; {@link ContainerRuntimeLines})
 * is taken off first, and the runtime's time dates a line that carries none of its own.
 * A header with an empty message (.NET's console, a Rust panic) takes its message
 * from the record's next line.
 *
 * <p>The service is the file name up to its first dot ({@code ingress-nginx.access.log} →
 * {@code ingress-nginx}), except where a line names another: a journal line names its host, a
 * Kubernetes event its workload. The error type and causes come from the record's exceptions
 * ({@link ExceptionChain}) unless the header states them (HTTP 5xx, event reasons). {@code raw} is
 * the record's text.
 *
 * <p>Bounded memory: one line of at most {@link #MAX_LINE_BYTES} (a longer line is read from its
 * head; the rest is dropped) and one record's text of at most {@link #MAX_RECORD_LINES} lines and
 * {@link #MAX_RECORD_CHARS} chars. The head of a longer record is kept, and a last line says how
 * many lines were left out; its exceptions are still read to the end.
 *
 * <p>Timestamps without a year (journald, syslog, klog) take it as {@link UndatedYear} says: from
 * the file's other timestamps, else from the reference instant given to the constructor (the
 * incident's time, or now), so the first one falls at most a day after it.
 */
public final class PlainTextLogReader extends LineLogReader {
  public static final int MAX_LINE_BYTES = 64 * 1024;
  public static final int MAX_RECORD_LINES = 256;
  public static final int MAX_RECORD_CHARS = 32 * 1024;

  private final String fileService;
  private final PlainTextHeaderParser headers;

  private PlainTextHeader header; // of the record being read, null before the first
  private final StringBuilder text = new StringBuilder();
  private int textLines;
  private int blanksPending; // blank lines kept only if the record goes on after them
  private long linesLeftOut;
  private ExceptionChain exceptions;
  private boolean crash; // the record is a crash: a goroutine dump or a panic's message may follow
  private boolean messageBelow; // the header's message is empty: the next line says it
  private String messageLine;


  /**
   * Reads UTF-8 from {@code in}, which is closed with this reader.
   *
   * @param reference when the log was read or the incident happened: a timestamp without a year
   *     is placed in the year that puts the file's first one at most a day after it
   */
  public PlainTextLogReader(InputStream in, String source, Instant reference) {
    super(in, source, MAX_LINE_BYTES);
    this.fileService = serviceOf(source);
    this.headers = new PlainTextHeaderParser(new UndatedYear(reference), fileService);
  }

  public static PlainTextLogReader open(Path file, Instant reference) throws IOException {
    return new PlainTextLogReader(Files.newInputStream(file), file.toString(), reference);
  }

  /** The file name up to its first dot: the case README's convention for plain-text logs. */
  static String serviceOf(String source) {
    String name = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
    int dot = name.indexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  @Override
  protected LogRecord readNext() throws IOException {
    while (lines.next()) {
      linesRead++;
      if (lines.blank()) {
        blank++;
        if (header != null) {
          blanksPending++;
        }
        continue;
      }
      String line = new String(lines.bytes(), lines.start(), lines.length(), StandardCharsets.UTF_8);
      if (linesRead == 1 && line.charAt(0) == '\uFEFF') {
        line = line.substring(1); // a byte-order mark, as Windows editors and some loggers write first
        if (line.isBlank()) {
          blank++;
          continue;
        }
      }
      ContainerRuntimeLines.Unwrapped wrapped = line.charAt(0) == '{' || line.charAt(0) == '2' ? ContainerRuntimeLines.unwrap(line)
          : null;
      if (wrapped != null) {
        line = wrapped.line(); // what the program printed; the runtime's time is only for lines without one
        if (line.isBlank()) {
          blank++;
          if (header != null) {
            blanksPending++;
          }
          continue;
        }
      }
      PlainTextHeader parsed = headers.parse(line);
      String stated = parsed == null && wrapped != null ? LogLevels.inMessage(line) : null;
      if (parsed == null && wrapped != null && (stated != null || !ContinuationLines.looksLike(line)
          && !(header != null && (messageBelow || ExceptionChain.startsTraceback(line))))) {
        // a line the program printed without a time of its own: the runtime's time dates it
        parsed = PlainTextHeader.of(wrapped.ts(), stated == null ? "INFO" : stated, null, line);
      }
      PlainTextHeader crashing = parsed == null && header != null ? CrashLines.header(line, header.ts()) : null;
      PlainTextHeader starting = parsed != null && !parsed.continuesPrevious() ? parsed
          : crashing != null ? crashing
          : header == null || parsed != null ? null
          : ExceptionChain.startsTraceback(line) && !takesTraceback() ? bareTraceback(header.ts())
          : UvicornLines.header(line, header.ts());
      if (starting != null) {
        LogRecord finished = finish();
        start(starting, line);
        if (starting == parsed && headers.errorText() != null) {
          headers.errorText().lines().forEach(this::append); // a JSON line's stack, as if printed below it
        }
        crash = starting == crashing;
        if (finished != null) {
          return finished;
        }
      } else if (header != null && (parsed != null || ContinuationLines.looksLike(line) || messageBelow
          || crash && CrashLines.continues(line))) {
        append(line);
      } else {
        unreadable++;
      }
    }
    return finish(); // the last record, once; null after it
  }

  /**
   * Whether a Python traceback starting now is the current record's: an error record's first
   * traceback, or the next in its chain. Any other is a bare traceback, a record of its own.
   */
  private boolean takesTraceback() {
    String level = header.level();
    return ("ERROR".equals(level) || "FATAL".equals(level)) && exceptions.takesTraceback();
  }

  /**
   * A traceback printed without a log line above it (an uncaught exception on stderr): an ERROR
   * at the time of the record before it, whose message its outermost exception will be. One at
   * the very start of a file has no time to take and is counted unreadable, line by line.
   */
  private static PlainTextHeader bareTraceback(Instant ts) {
    return PlainTextHeader.of(ts, "ERROR", null, null);
  }

  private void start(PlainTextHeader parsed, String line) {
    header = parsed;
    text.setLength(0);
    text.append(line, 0, Math.min(line.length(), MAX_RECORD_CHARS));
    textLines = 1;
    blanksPending = 0;
    linesLeftOut = 0;
    exceptions = new ExceptionChain();
    messageBelow = parsed.message() != null && parsed.message().isEmpty();
    messageLine = null;
    if (parsed.message() != null) {
      exceptions.message(parsed.message());
    } else {
      exceptions.line(line); // a bare traceback: its first line is part of the chain
    }
  }

  private void append(String line) {
    if (messageBelow) {
      messageBelow = false;
      messageLine = line.strip();
    }
    exceptions.line(line);
    for (; blanksPending > 0; blanksPending--) {
      keep("");
    }
    keep(line);
  }

  /** Adds a line to the record's text while it fits; after the first that does not, none. */
  private void keep(String line) {
    if (linesLeftOut == 0 && textLines < MAX_RECORD_LINES && text.length() + 1 + line.length() <= MAX_RECORD_CHARS) {
      text.append('\n').append(line);
      textLines++;
    } else {
      linesLeftOut++;
    }
  }

  /** The record read so far, or null when there is none. */
  private LogRecord finish() {
    if (header == null) {
      return null;
    }
    if (linesLeftOut > 0) {
      text.append("\n[... ").append(linesLeftOut).append(" more lines not kept]");
    }
    // a record whose message is on its next line (.NET's console) may name its trace there
    PlainTextHeader h = header.traceId() == null && messageLine != null ? PlainTextHeaderParser.withMdcTrace(header, messageLine) : header;
    header = null;
    String errorType = h.errorType() != null ? h.errorType() : exceptions.errorType();
    String message = messageLine != null ? messageLine : h.message() != null ? h.message() : Objects.requireNonNullElse(
        exceptions.outermostPythonException(), "Traceback (most recent call last):");
    String level = h.level();
    String[] julStated = messageLine == null ? null : ServletContainerLines.julMessage(messageLine);
    if (julStated != null) {
      level = julStated[0]; // java.util.logging says its level on the line below the time
      message = julStated[1];
    }
    return new LogRecord(h.ts(), level, h.service() != null ? h.service() : fileService, message,
        h.component(), errorType, h.traceId(), h.spanId(), null, exceptions.causedBy(), h.file(), h.line(),
        null, null, text.toString());
  }
}
