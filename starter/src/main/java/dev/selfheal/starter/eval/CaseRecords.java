package dev.selfheal.starter.eval;

import dev.selfheal.activities.logs.JsonlLogReader;
import dev.selfheal.activities.logs.LogReader;
import dev.selfheal.activities.logs.LogRecord;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A case's log files as one stream of records, file after file in the order given; each file is
 * opened when reached and closed when done, so one file at a time is open.
 */
final class CaseRecords implements Iterator<LogRecord>, Closeable {
  private final Iterator<Path> files;
  private LogReader current;

  CaseRecords(List<Path> files) {
    this.files = files.iterator();
  }

  /**
   * A reader for one log file. Until the plain-text reader lands only JSONL is read and any other
   * file reads as empty; then this becomes {@code LogReaders.open(file)}.
   */
  static LogReader openLog(Path file) throws IOException {
    return file.getFileName().toString().endsWith(".jsonl")
        ? JsonlLogReader.open(file)
        : new JsonlLogReader(InputStream.nullInputStream(), file.toString());
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
        current = openLog(file);
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
