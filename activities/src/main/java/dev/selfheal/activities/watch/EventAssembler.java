package dev.selfheal.activities.watch;

import dev.selfheal.activities.logs.ContinuationLines;
import dev.selfheal.activities.logs.ExceptionChain;
import dev.selfheal.activities.logs.LogLevels;
import dev.selfheal.activities.logs.PlainTextHeader;
import dev.selfheal.activities.logs.PlainTextHeaderParser;
import dev.selfheal.activities.logs.UndatedYear;
import dev.selfheal.workflows.messages.values.LogSource;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Turns the lines of one followed file into events as they arrive. A JSONL line is an event by
 * itself. A plain-text event starts at a header line ({@link PlainTextHeaderParser}, the
 * diagnosis readers' parser) and takes the lines that continue it ({@link ContinuationLines}):
 * a Java stack trace with its {@code Caused by:} chain and {@code ... N more}, a Python traceback
 * with its chained tracebacks, up to the final {@code XxxError: msg}. A traceback under no error
 * line is an event of its own, an ERROR (an uncaught exception printed to stderr); a line that is
 * neither header nor continuation starts an event at the level its words state.
 *
 * <p>Whether a plain-text event is complete is only known when the next one starts, so the last
 * one stays pending until then, until its file ends, or until the caller decides it has been quiet
 * long enough ({@link #flush}). {@link #pendingStart} is where a watcher resuming later must read
 * from to see it whole.
 */
final class EventAssembler {
  private final String format;
  private final String file;
  private final PlainTextHeaderParser headers = new PlainTextHeaderParser(new UndatedYear(Instant.now()));

  private long pendingStart = -1;
  private String level;
  private Instant ts;
  private String message;
  private StackSummary stack;
  private Instant lastTs;
  private long unreadable;

  /** @param format {@code jsonl}, {@code plain} or {@code auto} (by each line's first character) */
  EventAssembler(String format, String file) {
    this.format = format;
    this.file = file;
  }

  void line(TailLine line, Consumer<LogEvent> out) {
    String text = line.text();
    if (text.isBlank()) {
      return; // blank lines inside tracebacks; they neither start nor end an event
    }
    if (LogSource.JSONL.equals(format) || (LogSource.AUTO.equals(format) && text.charAt(0) == '{')) {
      flush(out);
      LogEvent event = JsonlEvents.parse(text, file, line.start());
      if (event == null) {
        unreadable++;
      } else {
        lastTs = event.ts() != null ? event.ts() : lastTs;
        out.accept(event);
      }
      return;
    }
    PlainTextHeader header = headers.parse(text);
    boolean pending = pendingStart >= 0;
    if (header != null && !header.continuesPrevious()) {
      flush(out);
      start(line, header.ts(), header.level(), header.message());
    } else if (ExceptionChain.startsTraceback(text) && !(pending && takesTraceback())) {
      flush(out);
      start(line, lastTs, "ERROR", null); // its message is its outermost exception, known at its end
      stack.line(text);
    } else if (pending && (header != null || ContinuationLines.looksLike(text))) {
      stack.line(text);
    } else {
      flush(out);
      String stated = LogLevels.inMessage(text);
      start(line, null, stated == null ? "INFO" : stated, text);
    }
  }

  /** Emits the pending event, if any: its file ended, or it has been quiet long enough. */
  void flush(Consumer<LogEvent> out) {
    if (pendingStart < 0) {
      return;
    }
    String type = stack.errorType();
    String exceptionMessage = stack.exceptionMessage();
    String text = message != null ? message : type == null ? "Traceback (most recent call last):"
        : exceptionMessage == null || exceptionMessage.isEmpty() ? type : type + ": " + exceptionMessage;
    out.accept(new LogEvent(ts, level, text, type, exceptionMessage, stack.topFrame(), file, pendingStart));
    pendingStart = -1;
    stack = null;
  }

  /** Offset of the first line of the event not yet emitted; -1 when there is none. */
  long pendingStart() {
    return pendingStart;
  }

  /** JSONL lines that were not JSON objects. */
  long unreadable() {
    return unreadable;
  }

  /** An error record's first traceback, or the next of its chain, belongs to it. */
  private boolean takesTraceback() {
    return ("ERROR".equals(level) || "FATAL".equals(level)) && stack.takesTraceback();
  }

  private void start(TailLine line, Instant at, String eventLevel, String eventMessage) {
    pendingStart = line.start();
    ts = at;
    lastTs = at != null ? at : lastTs;
    level = eventLevel;
    message = eventMessage;
    stack = new StackSummary();
    if (eventMessage != null) {
      stack.message(eventMessage);
    }
  }
}
