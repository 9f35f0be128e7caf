package dev.selfheal.workflows.messages.values;

import java.util.Locale;

/**
 * One log file a watcher follows.
 *
 * @param path the file's path as the service writes it; rotated files are followed by this name
 * @param format {@code jsonl} (one JSON object a line), {@code plain} (text with multi-line
 *     records) or {@code auto} (each line by its first character); null means {@code auto}
 */
public record LogSource(String path, String format) {
  public static final String JSONL = "jsonl";
  public static final String PLAIN = "plain";
  public static final String AUTO = "auto";

  /** The format, lower-cased, {@code auto} when absent. */
  public String formatOrAuto() {
    return format == null || format.isBlank() ? AUTO : format.strip().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException naming what is wrong */
  public void validate() {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("log source path is missing");
    }
    if (path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("log source path '" + path.replace('\0', '?') + "' contains a NUL byte");
    }
    String f = formatOrAuto();
    if (!f.equals(JSONL) && !f.equals(PLAIN) && !f.equals(AUTO)) {
      throw new IllegalArgumentException("log source '" + path + "' has format '" + format + "'; expected jsonl, plain or auto");
    }
  }
}
