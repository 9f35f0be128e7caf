package dev.selfheal.activities.logs;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Splits a character stream into lines without ever holding more than {@code maxChars} of one
 * line: {@code BufferedReader.readLine()} would happily buffer a gigabyte-long line from a
 * runaway logger. A longer line is cut at the limit, flagged, and the rest of it discarded.
 * Shared by every format reader so they all agree on what a line is.
 */
final class BoundedLineReader implements Closeable {
  private final Reader in;
  private final int maxChars;
  private final char[] buffer = new char[16 * 1024];
  private final StringBuilder line = new StringBuilder(512);
  private int position;
  private int limit;
  private boolean eof;
  private boolean truncated;

  BoundedLineReader(Reader in, int maxChars) {
    this.in = in;
    this.maxChars = maxChars;
  }

  /** The next line without its terminator ({@code \n} or {@code \r\n}), or null at the end. */
  String readLine() throws IOException {
    line.setLength(0);
    truncated = false;
    boolean sawAnything = false;
    while (true) {
      if (position >= limit) {
        if (eof || !fill()) {
          break;
        }
      }
      sawAnything = true;
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      append(start, position - start);
      if (position < limit) {
        position++; // the newline itself
        return finish();
      }
    }
    return sawAnything ? finish() : null;
  }

  /** Whether the line last returned was longer than the limit and has been cut. */
  boolean lastLineTruncated() {
    return truncated;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      eof = true;
      limit = 0;
      position = 0;
      return false;
    }
    limit = n;
    position = 0;
    return true;
  }

  private void append(int start, int length) {
    if (truncated) {
      return;
    }
    int room = maxChars - line.length();
    if (length > room) {
      line.append(buffer, start, room);
      truncated = true;
    } else {
      line.append(buffer, start, length);
    }
  }

  private String finish() {
    int end = line.length();
    if (!truncated && end > 0 && line.charAt(end - 1) == '\r') {
      end--;
    }
    return line.substring(0, end);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
