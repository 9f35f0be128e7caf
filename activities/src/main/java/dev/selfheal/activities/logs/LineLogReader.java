package dev.selfheal.activities.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;

/**
 * What every line-based reader shares: bounded lines in, one record looked ahead, the counters
 * {@link LogReader} promises. A format says only how lines become records ({@link #readNext}).
 */
abstract class LineLogReader implements LogReader {
  protected final BoundedLineReader lines;
  protected final String source;
  protected long linesRead;
  protected long unreadable;
  protected long blank;
  private LogRecord next;
  private boolean done;

  LineLogReader(InputStream in, String source, int maxLineBytes) {
    this.lines = new BoundedLineReader(in, maxLineBytes);
    this.source = source;
  }

  /** The next record, or null once the input has no more (it is not called again after that). */
  protected abstract LogRecord readNext() throws IOException;

  @Override
  public final boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (done) {
      return false;
    }
    try {
      next = readNext();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
    done = next == null;
    return !done;
  }

  @Override
  public final LogRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    LogRecord record = next;
    next = null;
    return record;
  }

  @Override
  public final long linesRead() {
    return linesRead;
  }

  @Override
  public final long unreadableLines() {
    return unreadable;
  }

  @Override
  public final long blankLines() {
    return blank;
  }

  @Override
  public final String source() {
    return source;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
