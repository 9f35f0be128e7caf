package dev.selfheal.activities.logs;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without ever holding more than {@code maxBytes} of one line:
 * {@code BufferedReader.readLine()} would happily buffer a gigabyte-long line from a runaway
 * logger. A longer line is cut at the limit, flagged, and the rest of it discarded.
 *
 * <p>Bytes, not chars: decoding every line to a String before parsing costs more than the JSON
 * parsing itself, and a line that lies wholly in the read buffer is handed out in place, without
 * a copy. The view returned by {@link #bytes()}, {@link #start()} and {@link #length()} is only
 * valid until the next {@link #next()}. Shared by every format reader so they agree on what a
 * line is.
 */
final class BoundedLineReader implements Closeable {
  private final InputStream in;
  private final int maxBytes;
  private final byte[] buffer;
  private byte[] carry = new byte[1024];
  private int carryLength;
  private int position;
  private int limit;
  private boolean eof;

  private byte[] lineBytes;
  private int lineStart;
  private int lineLength;
  private boolean truncated;

  BoundedLineReader(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
    this.buffer = new byte[Math.max(64 * 1024, maxBytes + 1)];
  }

  /** Advances to the next line (without {@code \n} or {@code \r\n}); false at the end. */
  boolean next() throws IOException {
    carryLength = 0;
    truncated = false;
    boolean sawAnything = false;
    while (true) {
      if (position >= limit && !fill()) {
        if (!sawAnything) {
          return false;
        }
        return view(carry, 0, carryLength); // last line without a newline
      }
      sawAnything = true;
      int start = position;
      int newline = indexOfNewline(start);
      if (newline >= 0) {
        position = newline + 1;
        if (carryLength == 0 && !truncated) {
          return view(buffer, start, Math.min(newline - start, maxBytes + 1)); // in place
        }
        keep(start, newline - start);
        return view(carry, 0, carryLength);
      }
      keep(start, limit - start);
      position = limit;
    }
  }

  byte[] bytes() {
    return lineBytes;
  }

  int start() {
    return lineStart;
  }

  int length() {
    return lineLength;
  }

  /** Whether the current line was longer than the limit and has been cut. */
  boolean truncated() {
    return truncated;
  }

  /** Empty or only spaces, tabs and carriage returns. */
  boolean blank() {
    for (int i = lineStart, end = lineStart + lineLength; i < end; i++) {
      byte b = lineBytes[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private int indexOfNewline(int from) {
    byte[] b = buffer;
    for (int i = from; i < limit; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private boolean view(byte[] bytes, int start, int length) {
    if (length > maxBytes) {
      length = maxBytes;
      truncated = true;
    }
    if (!truncated && length > 0 && bytes[start + length - 1] == '\r') {
      length--;
    }
    lineBytes = bytes;
    lineStart = start;
    lineLength = length;
    return true;
  }

  /** Accumulates a line that spans reads, up to the limit; beyond it only remembers the cut. */
  private void keep(int start, int length) {
    if (truncated) {
      return;
    }
    int room = maxBytes - carryLength;
    if (length > room) {
      length = room;
      truncated = true;
    }
    if (carryLength + length > carry.length) {
      carry = Arrays.copyOf(carry, Math.min(maxBytes, Math.max(carry.length * 2, carryLength + length)));
    }
    System.arraycopy(buffer, start, carry, carryLength, length);
    carryLength += length;
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.read(buffer, 0, buffer.length);
    while (n == 0) {
      n = in.read(buffer, 0, buffer.length);
    }
    if (n < 0) {
      eof = true;
      position = 0;
      limit = 0;
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
