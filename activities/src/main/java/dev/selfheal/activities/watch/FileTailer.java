package dev.selfheal.activities.watch;

import dev.selfheal.workflows.messages.values.FileCheckpoint;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one log file by name, the way {@code tail -F} does, handing out complete lines with
 * their byte offsets.
 *
 * <ul>
 *   <li>A last line without its newline is left for the next poll: a writer may be half-way.
 *   <li>Rotation (the name now points at another file): the old file, still open, is read to its
 *       end (a last unterminated line included, since nothing writes there any more), then the new
 *       file from offset 0.
 *   <li>Truncation (the file is shorter than what was read, or its first bytes changed): read
 *       again from 0.
 *   <li>A line longer than {@link #MAX_LINE_BYTES} is handed out cut; the rest up to its newline
 *       is dropped.
 * </ul>
 *
 * Resuming from a checkpoint whose file the name no longer points at (rotated while nobody was
 * watching), the rotated file is looked for next to it ({@code app.log.1}, {@code
 * app.log-20240601}) and its remainder read first.
 */
final class FileTailer implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(FileTailer.class);

  static final int MAX_LINE_BYTES = 64 * 1024;
  /** Bytes read per system call; a poll reads as many as there are. */
  private static final int CHUNK = 256 * 1024;
  /** Rotated siblings looked at when resuming: a few generations is all rotation keeps nearby. */
  private static final int MAX_SIBLINGS = 64;

  private final Path path;
  private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
  private FileChannel channel;
  private FileIdentity identity;
  private long offset;
  private boolean skipping;
  /** A checkpoint to resume from, used once, when the file is first opened. */
  private FileCheckpoint resumeFrom;
  /** With no checkpoint, a file that exists at the start is read from its end: it is the past. */
  private boolean startAtEnd;

  /**
   * @param checkpoint where a previous watcher stopped in this file; null starts at the file's
   *     current end (or at 0 for a file that appears later)
   */
  FileTailer(Path path, FileCheckpoint checkpoint) {
    this.path = path;
    this.resumeFrom = checkpoint;
    this.startAtEnd = checkpoint == null;
  }

  Path path() {
    return path;
  }

  /**
   * Reads every complete line there is now, following rotation and truncation. What the name
   * points at is checked before reading: a file rewritten in place must not be read from its old
   * offset.
   */
  void poll(TailListener listener) throws IOException {
    if (channel == null && !open()) {
      return;
    }
    FileIdentity now = FileIdentity.at(path);
    if (now != null && !identity.sameFileAs(path)) {
      if (now.fileKey() != null && now.fileKey().equals(identity.fileKey())) {
        restartAtZero(listener, "rewritten"); // same inode, other first bytes
      } else {
        read(listener, true);
        listener.fileEnded();
        log.info("log rotated path={} oldFile={} readTo={}", path, identity.fileKey(), offset);
        close();
        openAt(0, false);
      }
    } else if (channel.size() < offset) {
      restartAtZero(listener, "truncated");
    }
    if (channel == null) {
      return; // the new file went away again before it could be opened
    }
    read(listener, false);
    if (identity.headLength() < FileIdentity.HEAD_BYTES && channel.size() > identity.headLength()) {
      identity = FileIdentity.of(channel, identity.fileKey()); // the head grew: hash more of it
    }
  }

  /** Where a watcher resuming later should start in this file. */
  FileCheckpoint checkpoint(long committedOffset) {
    if (identity == null) {
      // not seen yet: read from 0 once it appears (or as the unopened checkpoint says)
      return resumeFrom != null ? resumeFrom : new FileCheckpoint(path.toString(), null, null, 0, 0, false);
    }
    return new FileCheckpoint(path.toString(), identity.fileKey(), identity.headHash(), identity.headLength(),
        committedOffset, committedOffset == offset && skipping);
  }

  /** The offset after the last line handed out. */
  long offset() {
    return offset;
  }

  private void restartAtZero(TailListener listener, String why) throws IOException {
    listener.fileEnded();
    log.info("log {} path={} readTo={}", why, path, offset);
    close();
    openAt(0, false);
  }

  private boolean open() throws IOException {
    FileCheckpoint from = resumeFrom;
    resumeFrom = null;
    if (from != null && from.headHash() != null) {
      FileIdentity saved = new FileIdentity(from.fileKey(), from.headHash(), from.headLength());
      if (saved.sameFileAs(path)) {
        return openAt(from.offset(), from.skippingLongLine());
      }
      Path rotated = rotatedSibling(saved);
      if (rotated != null) {
        log.info("resuming in rotated log path={} rotated={} offset={}", path, rotated, from.offset());
        return openFile(rotated, from.offset(), from.skippingLongLine());
      }
      log.warn("log replaced while unwatched and its old file not found path={} lostAfterOffset={}", path, from.offset());
      return openAt(0, false);
    }
    if (startAtEnd && Files.exists(path)) {
      startAtEnd = false;
      return openAt(-1, false);
    }
    startAtEnd = false;
    return openAt(0, false);
  }

  /** @param at -1 for the start of the file's last line, which may still be written */
  private boolean openAt(long at, boolean skip) throws IOException {
    return openFile(path, at, skip);
  }

  private boolean openFile(Path file, long at, boolean skip) throws IOException {
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException notYet) {
      return false;
    }
    Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    identity = FileIdentity.of(channel, key);
    long size = channel.size();
    if (at < 0) {
      offset = lastLineStart(size);
      skipping = false;
    } else if (at > size) {
      log.info("log shorter than its checkpoint, reading from 0 path={} size={} checkpoint={}", file, size, at);
      offset = 0;
      skipping = false;
    } else {
      offset = at;
      skipping = skip;
    }
    return true;
  }

  private long lastLineStart(long size) throws IOException {
    long from = Math.max(0, size - MAX_LINE_BYTES);
    ByteBuffer tail = ByteBuffer.allocate((int) (size - from));
    while (tail.hasRemaining() && channel.read(tail, from + tail.position()) > 0) {
      // fill
    }
    for (int i = tail.position() - 1; i >= 0; i--) {
      if (tail.get(i) == '\n') {
        return from + i + 1;
      }
    }
    return size - from >= MAX_LINE_BYTES ? size : from;
  }

  /** A file next to the watched one, named after it, that is the file the checkpoint was in. */
  private Path rotatedSibling(FileIdentity saved) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    String name = path.getFileName().toString();
    int looked = 0;
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir, p -> {
      String n = p.getFileName().toString();
      return n.length() > name.length() && n.startsWith(name);
    })) {
      for (Path sibling : siblings) {
        if (looked++ >= MAX_SIBLINGS) {
          break;
        }
        if (Files.isRegularFile(sibling) && saved.sameFileAs(sibling)) {
          return sibling;
        }
      }
    } catch (NoSuchFileException noDir) {
      return null;
    }
    return null;
  }

  /**
   * Hands out the complete lines from {@code offset} on. The offset moves past each line before it
   * is handed out, so a checkpoint taken while the listener works on it counts it as read.
   *
   * @param toEnd the file is finished: its last line counts even without a newline
   */
  private void read(TailListener listener, boolean toEnd) throws IOException {
    while (true) {
      buffer.clear();
      long base = offset;
      int n = channel.read(buffer, base);
      if (n <= 0) {
        return;
      }
      byte[] bytes = buffer.array();
      int lineStart = 0;
      for (int i = 0; i < n; i++) {
        if (bytes[i] != '\n') {
          continue;
        }
        offset = base + i + 1;
        if (skipping) {
          skipping = false; // the end of a cut line: dropped
        } else {
          emit(listener, bytes, lineStart, i - lineStart, base + lineStart, offset);
        }
        lineStart = i + 1;
      }
      int rest = n - lineStart;
      if (skipping) {
        offset = base + n;
        continue;
      }
      if (rest >= MAX_LINE_BYTES) {
        offset = base + lineStart + MAX_LINE_BYTES;
        skipping = true;
        emit(listener, bytes, lineStart, MAX_LINE_BYTES, base + lineStart, offset);
        continue;
      }
      if (n < buffer.capacity()) {
        if (toEnd && rest > 0) {
          offset = base + n;
          emit(listener, bytes, lineStart, rest, base + lineStart, offset);
        }
        return;
      }
      // a full buffer: more may follow; the unfinished line (shorter than the limit) is read again
    }
  }

  private static void emit(TailListener listener, byte[] bytes, int from, int length, long start, long end) {
    if (length > 0 && bytes[from + length - 1] == '\r') {
      length--;
    }
    listener.line(new TailLine(new String(bytes, from, length, StandardCharsets.UTF_8), start, end));
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }
}
