package dev.selfheal.activities.logs;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The level words plain-text logs print, reduced to the six the analyzer knows: TRACE, DEBUG,
 * INFO, WARN, ERROR, FATAL. Everything that means "the process or request is lost" (CRITICAL,
 * PANIC, SEVERE, syslog's crit/alert/emerg) is FATAL, so {@link LogRecord#isError()} sees it.
 */
public final class LogLevels {
  /**
   * {@code ERROR: ...} at the start of a message (after unbound's {@code [pid:thread]}), or a logfmt
   * {@code level=error} anywhere in it.
   */
  private static final Pattern IN_MESSAGE = Pattern.compile("^(?:\\[\\d{1,9}:\\d{1,4}\\] )?\\[?([A-Za-z]+)[\\]:]\\s|(?:^|\\s)level=\"?([A-Za-z]+)");

  private LogLevels() {}

  /**
   * The canonical level for {@code word}, or null when it is not a level word. Only all-upper or
   * all-lower case counts: "Error" at the start of a message is prose, not a level.
   */
  public static String of(String word) {
    if (word.isEmpty() || !(word.equals(word.toUpperCase(Locale.ROOT)) || word.equals(word.toLowerCase(Locale.ROOT)))) {
      return null;
    }
    if (word.equals("LOG")) {
      return "INFO"; // postgres; lower-case "log" is a word, not a level
    }
    return switch (word.toUpperCase(Locale.ROOT)) {
      case "TRACE", "VRB" -> "TRACE"; // VRB DBG INF WRN ERR FTL: Serilog's {Level:u3}
      case "DBG", "DEBUG", "DEBUG1", "DEBUG2", "DEBUG3", "DEBUG4", "DEBUG5" -> "DEBUG";
      case "INFO", "INF", "NOTICE" -> "INFO";
      case "WARN", "WRN", "WARNING" -> "WARN";
      case "ERROR", "ERR" -> "ERROR";
      case "FATAL", "FTL", "CRITICAL", "CRIT", "PANIC", "SEVERE", "ALERT", "EMERG", "EMERGENCY" -> "FATAL";
      default -> null;
    };
  }

  /** klog's one-letter severities: {@code I W E F}. */
  static String ofKlog(char letter) {
    return switch (letter) {
      case 'I' -> "INFO";
      case 'W' -> "WARN";
      case 'E' -> "ERROR";
      case 'F' -> "FATAL";
      default -> null;
    };
  }

  /** Redis marks level with one character: {@code . - * #} (debug, verbose, notice, warning). */
  static String ofRedis(char mark) {
    return switch (mark) {
      case '.', '-' -> "DEBUG";
      case '*' -> "INFO";
      case '#' -> "WARN";
      default -> null;
    };
  }

  /**
   * The level a line without a level column states in its message (syslog programs write
   * {@code ERROR: ...}; containerd writes logfmt into the journal), or null.
   */
  public static String inMessage(String message) {
    Matcher m = IN_MESSAGE.matcher(message);
    if (!m.find()) {
      return null;
    }
    return of(m.group(1) != null ? m.group(1) : m.group(2));
  }
}
