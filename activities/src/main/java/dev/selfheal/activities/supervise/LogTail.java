package dev.selfheal.activities.supervise;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The last lines of a service's log files, as evidence for a human: bounded in lines and bytes
 * however large the files are (only their ends are read), control characters replaced, long
 * lines cut. Log content is untrusted; it is shown, never interpreted.
 */
final class LogTail {
  static final int MAX_LINES = 40;
  static final int MAX_BYTES = 8 * 1024;
  private static final int MAX_LINE_CHARS = 400;

  private LogTail() {}

  /** Up to {@link #MAX_LINES} lines / {@link #MAX_BYTES} bytes over all files, shared evenly. */
  static String of(List<String> files) {
    return of(files, MAX_LINES, MAX_BYTES);
  }

  static String of(List<String> files, int maxLines, int maxBytes) {
    if (files.isEmpty()) {
      return "(no log files configured)";
    }
    int linesEach = Math.max(1, maxLines / files.size());
    int bytesEach = Math.max(256, maxBytes / files.size());
    StringBuilder out = new StringBuilder();
    for (String file : files) {
      out.append("== ").append(file).append(" ==\n");
      for (String line : lastLines(Path.of(file), linesEach, bytesEach)) {
        out.append(line).append('\n');
      }
    }
    return cut(out.toString(), maxBytes);
  }

  private static List<String> lastLines(Path file, int maxLines, int maxBytes) {
    if (!Files.isRegularFile(file)) {
      return List.of("(missing)");
    }
    try (SeekableByteChannel channel = Files.newByteChannel(file)) {
      long size = channel.size();
      long from = Math.max(0, size - maxBytes);
      ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
      channel.position(from);
      while (buffer.hasRemaining() && channel.read(buffer) > 0) {
        // read the file's end
      }
      List<String> lines = new ArrayList<>(Arrays.asList(
          new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).split("\r?\n", -1)));
      if (from > 0 && !lines.isEmpty()) {
        lines.remove(0); // began mid-line
      }
      if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
        lines.remove(lines.size() - 1);
      }
      List<String> tail = lines.subList(Math.max(0, lines.size() - maxLines), lines.size());
      return tail.isEmpty() ? List.of("(empty)") : tail.stream().map(LogTail::clean).toList();
    } catch (IOException e) {
      return List.of("(unreadable: " + e.getMessage() + ")");
    }
  }

  /** Control characters (terminal escapes included) become '?'; a long line is cut. */
  private static String clean(String line) {
    StringBuilder out = new StringBuilder(Math.min(line.length(), MAX_LINE_CHARS + 1));
    for (int i = 0; i < line.length() && out.length() < MAX_LINE_CHARS; i++) {
      char c = line.charAt(i);
      out.append(c == '\t' || !Character.isISOControl(c) ? c : '?');
    }
    if (line.length() > MAX_LINE_CHARS) {
      out.append('…');
    }
    return out.toString();
  }

  /** Keeps the end (the newest lines) within {@code maxBytes} of UTF-8. */
  private static String cut(String text, int maxBytes) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= maxBytes) {
      return text;
    }
    String end = new String(bytes, bytes.length - maxBytes, maxBytes, StandardCharsets.UTF_8);
    int newline = end.indexOf('\n');
    return newline >= 0 ? end.substring(newline + 1) : end;
  }
}
