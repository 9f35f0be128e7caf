package dev.selfheal.starter.eval;

import dev.selfheal.activities.logs.LogReaders;
import dev.selfheal.activities.logs.LogReader;
import dev.selfheal.activities.logs.LogRecord;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A case's log files as one stream of records, file after file in the order given; each file is
 * opened when reached and closed when done, so one file at a time is open.
 */
final class CaseRecords implements Iterator<LogRecord>, Closeable {
  private final Iterator<Path> files;
  private final Instant reference;
  private LogReader current;

  /** @param reference when the incident happened (the alert's start), for lines without a year */
  CaseRecords(List<Path> files, Instant reference) {
    this.files = files.iterator();
    this.reference = reference;
  }

  /** A reader for one log file; {@code reference} dates lines that print no year. */
  static LogReader openLog(Path file, Instant reference) throws IOException {
    return LogReaders.open(file, reference);
  }

  @Override
  public boolean hasNext() {
    while (current == null || !current.hasNext()) {
      closeCurrent();
      if (!files.hasNext()) {
        return false;
      }
      Path file = files.next();
      try {
        current = openLog(file, reference);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    return true;
  }

  @Override
  public LogRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.next();
  }

  @Override
  public void close() {
    closeCurrent();
  }

  private void closeCurrent() {
    if (current == null) {
      return;
    }
    LogReader done = current;
    current = null;
    try {
      done.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + done.source() + ": " + e.getMessage(), e);
    }
  }
}
