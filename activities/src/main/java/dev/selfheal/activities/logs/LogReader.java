package dev.selfheal.activities.logs;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Streams the records of one log source, one at a time. Implementations never fail on bad
 * input: a record they cannot read is counted in {@link #unreadableLines()} and skipped, so a
 * corrupt line cannot hide the rest of an incident's evidence. I/O errors surface as {@link
 * java.io.UncheckedIOException} from {@link #hasNext()}.
 *
 * <p>Counters are final once {@link #hasNext()} has returned false.
 */
public interface LogReader extends Iterator<LogRecord>, Closeable {

  /** Physical lines consumed so far, including blank and unreadable ones. */
  long linesRead();

  /** Lines that were not a record: not parseable, missing a required field, or too long. */
  long unreadableLines();

  /** Empty or whitespace-only lines; skipped, and not counted as unreadable. */
  long blankLines();

  /** The source, for messages: usually the file path. */
  String source();

  /** The remaining records as a sequential stream; closing the stream closes the reader. */
  default Stream<LogRecord> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(
            () -> {
              try {
                close();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  /** The remaining records, for for-each loops; iterable once. */
  default Iterable<LogRecord> records() {
    return () -> this;
  }
}
