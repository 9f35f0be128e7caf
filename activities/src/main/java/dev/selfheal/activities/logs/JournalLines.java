package dev.selfheal.activities.logs;

import java.time.Instant;
import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * journald's default ({@code short}) output and classic syslog files:
 * {@code Jun 01 06:41:02 host unit[pid]: message}. The host is the service (the case README names
 * a host's journal after the host, so a node can be a root cause; a file's reader may put its own
 * name instead, see {@link PlainTextHeaderParser}) and the program the component;
 * for systemd's own lines about a unit ({@code postgresql@16-main.service: Failed ...}) the unit.
 *
 * <p>The short format prints no priority, so a line is INFO unless its message states a level
 * ({@code ERROR: ...}, logfmt {@code level=error}); a forwarded line that starts with its
 * priority ({@code <11>}, RFC 3164 or 5424) takes the level from it. The year comes from {@link
 * UndatedYear}.
 */
final class JournalLines {
  private static final Pattern LINE = Pattern.compile(
      "^([A-Z][a-z]{2}) +(\\d{1,2}) (\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?) (\\S+) (?:([^\\s\\[:]+)(?:\\[\\d+\\])?: ?|: )(.*)$");
  /** A network device's message code, {@code %ETHPORT-5-IF_DOWN_LINK_FAILURE}: facility, severity 0-7, mnemonic. */
  private static final Pattern DEVICE_CODE = Pattern.compile("%([A-Z][A-Z0-9_]*)-([0-7])-[A-Z0-9_]+:");

  private static final Pattern SYSTEMD_UNIT = Pattern.compile(
      "^([\\w@.:\\\\-]+\\.(?:service|mount|automount|socket|timer|target|path|slice|scope|swap|device)): ");

  /** After an ISO time: {@code host program[pid]: message}, or {@code host kernel: message}. */
  private static final Pattern ISO_REST = Pattern.compile("^([\\w.-]+) (?:([^\\s\\[:]+)\\[\\d+\\]|(kernel)): ?(.*)$");
  /** klog's header inside a message: {@code E1124 09:00:00.123456}. */
  private static final Pattern KLOG_LEVEL = Pattern.compile("[IWEF]\\d{4} \\d{2}:\\d{2}:\\d{2}");

  /** RFC 5424: {@code <PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG}, nil values as {@code -}. */
  private static final Pattern RFC5424 = Pattern.compile(
      "^<(\\d{1,3})>1 (\\S+) (\\S+) (\\S+) \\S+ \\S+ (?:-|(?:\\[(?:[^\\]\\\\]|\\\\.)*\\])+)(?: (?:\uFEFF)?(.*))?$");
  /** RFC 3164 as forwarded with its priority: {@code <PRI>Jun 01 06:41:02 host unit[pid]: message}. */
  private static final Pattern PRIORITY = Pattern.compile("^<(\\d{1,3})>(.*)$");

  private JournalLines() {}

  /**
   * A syslog line that starts with its priority ({@code <11>}), RFC 5424 or RFC 3164: the
   * priority's severity is the level unless the message states one; null when it is neither.
   */
  static PlainTextHeader withPriority(String line, UndatedYear years) {
    Matcher m5424 = RFC5424.matcher(line);
    if (m5424.matches()) {
      Instant ts = JsonlLogReader.parseInstant(m5424.group(2));
      if (ts == null) {
        return null;
      }
      String message = m5424.group(5) == null || m5424.group(5).isEmpty() ? line : m5424.group(5); // never empty: that means "below"
      String stated = LogLevels.inMessage(message);
      return new PlainTextHeader(ts, stated != null ? stated : severity(m5424.group(1)), nil(m5424.group(3)),
          nil(m5424.group(4)), message, null, null, null, null, null, false);
    }
    Matcher m = PRIORITY.matcher(line);
    PlainTextHeader h = m.matches() ? parse(m.group(2), years) : null;
    if (h == null || LogLevels.inMessage(h.message()) != null) {
      return h;
    }
    return new PlainTextHeader(h.ts(), severity(m.group(1)), h.service(), h.component(), h.message(), h.errorType(),
        null, null, null, null, false);
  }

  /** A priority's severity (its value mod 8) as a level: 0-2 fatal, 3 error, 4 warning, 7 debug. */
  private static String severity(String priority) {
    int severity = Integer.parseInt(priority) % 8;
    return severity <= 2 ? "FATAL" : severity == 3 ? "ERROR" : severity == 4 ? "WARN" : severity == 7 ? "DEBUG" : "INFO";
  }

  private static String nil(String value) {
    return "-".equals(value) ? null : value;
  }

  /**
   * A device's untagged syslog line ({@code tor-b3 : 2026 Jun 23 ...: %ETHPORT-5-IF_DOWN...}): the
   * facility is the component and the severity digit the level (0-2 fatal, 3 error, 4 warning).
   */
  private static PlainTextHeader deviceLine(Instant ts, String host, String message) {
    Matcher code = DEVICE_CODE.matcher(message);
    String component = null;
    String level = LogLevels.inMessage(message);
    if (code.find()) {
      component = code.group(1);
      int severity = code.group(2).charAt(0) - '0';
      level = severity <= 2 ? "FATAL" : severity == 3 ? "ERROR" : severity == 4 ? "WARN" : "INFO";
    }
    return new PlainTextHeader(ts, level == null ? "INFO" : level, host, component, message, null, null, null, null, null, false);
  }

  /** A journal line, or null when {@code line} is not one (or its date does not exist). */
  static PlainTextHeader parse(String line, UndatedYear years) {
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      return null;
    }
    int month = LogTimestamps.month(m.group(1));
    LocalTime time = LogTimestamps.time(m.group(3));
    if (month == 0 || time == null) {
      return null;
    }
    Instant ts = years.resolve(month, Integer.parseInt(m.group(2)), time);
    if (ts == null) {
      return null;
    }
    String program = m.group(5);
    String message = m.group(6);
    if (program == null) {
      return deviceLine(ts, m.group(4), message); // a switch or router forwarding syslog without a tag
    }
    return after(ts, m.group(4), program, message);
  }

  /**
   * {@code journalctl -o short-iso}: the time is ISO-8601, then {@code host program[pid]: message}
   * as in the short format (the pid, or a kernel line, tells it from a logger's layout); null
   * when {@code rest} is not that.
   */
  static PlainTextHeader afterIsoTime(Instant ts, String rest) {
    Matcher m = ISO_REST.matcher(rest);
    if (!m.matches() || LogLevels.of(m.group(1)) != null) {
      return null;
    }
    return after(ts, m.group(1), m.group(2) != null ? m.group(2) : m.group(3), m.group(4));
  }

  private static PlainTextHeader after(Instant ts, String host, String program, String message) {
    if (program.startsWith("haproxy")) {
      PlainTextHeader access = AccessLogLines.haproxy(ts, host, message);
      if (access != null) {
        return access;
      }
    }
    String component = program;
    if (program.equals("systemd")) {
      Matcher unit = SYSTEMD_UNIT.matcher(message);
      if (unit.find()) {
        component = unit.group(1);
      }
    }
    String level = LogLevels.inMessage(message);
    if (level == null && KLOG_LEVEL.matcher(message).lookingAt()) {
      level = LogLevels.ofKlog(message.charAt(0)); // kubelet's E1124 09:00:00.123456 ...
    }
    return new PlainTextHeader(ts, level == null ? "INFO" : level, host, component, message, null,
        null, null, null, null, false);
  }
}
