package dev.selfheal.activities.watch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What makes two error events "the same error": the exception type, the frame it was thrown from
 * and the message, each with what varies between occurrences (ids, numbers, paths, line numbers)
 * normalized away ({@link MessageNormalizer}).
 *
 * @param type the exception type as printed, or {@code -} when the event names none
 * @param frame the top frame without line numbers and paths, or {@code -}
 * @param message the normalized message
 */
record ErrorSignature(String type, String frame, String message) {
  private static final Pattern JAVA_FRAME = Pattern.compile("^(.*?)\\(([^():]*)(?::\\d+)?\\)$");
  private static final Pattern PYTHON_FRAME = Pattern.compile("^File \"(?:.*[/\\\\])?([^/\\\\\"]+)\", line \\d+, in (.+)$");

  static ErrorSignature of(LogEvent event) {
    String type = event.errorType() == null ? "-" : event.errorType().strip();
    String message = event.exceptionMessage() != null && !event.exceptionMessage().isBlank()
        ? event.exceptionMessage() : event.message();
    return new ErrorSignature(type, frame(event.topFrame()), MessageNormalizer.normalize(message));
  }

  /** {@code com.a.B.m(B.java:42)} → {@code com.a.B.m(B.java)}; {@code File "/app/x.py", line 3, in f} → {@code x.py in f}. */
  static String frame(String printed) {
    if (printed == null || printed.isBlank()) {
      return "-";
    }
    String s = printed.strip();
    Matcher python = PYTHON_FRAME.matcher(s);
    if (python.matches()) {
      return python.group(1) + " in " + python.group(2).strip();
    }
    Matcher java = JAVA_FRAME.matcher(s);
    if (java.matches()) {
      s = java.group(1) + "(" + java.group(2) + ")";
    }
    return MessageNormalizer.normalize(s);
  }

  /** {@code type | frame | message}: what the group is shown as. */
  String text() {
    return type + " | " + frame + " | " + message;
  }

  /**
   * {@code lw-} and 16 hex digits of the text's SHA-256: stable across runs and workers, and
   * safe in incident ids, branch names and paths.
   */
  String fingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text().getBytes(StandardCharsets.UTF_8));
      return "lw-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
