package dev.selfheal.activities.logs;

import java.time.Instant;
import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * journald's default ({@code short}) output and classic syslog files:
 * {@code Jun 01 06:41:02 host unit[pid]: message}. The host is the service (the case README names
 * a host's journal after the host, so a node can be a root cause) and the program the component;
 * for systemd's own lines about a unit ({@code postgresql@16-main.service: Failed ...}) the unit.
 *
 * <p>The short format prints no priority, so a line is INFO unless its message states a level
 * ({@code ERROR: ...}, logfmt {@code level=error}). The year comes from {@link UndatedYear}.
 */
final class JournalLines {
  private static final Pattern LINE = Pattern.compile(
      "^([A-Z][a-z]{2}) +(\\d{1,2}) (\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?) (\\S+) (?:([^\\s\\[:]+)(?:\\[\\d+\\])?: ?|: )(.*)$");
  /** A network device's message code, {@code %ETHPORT-5-IF_DOWN_LINK_FAILURE}: facility, severity 0-7, mnemonic. */
  private static final Pattern DEVICE_CODE = Pattern.compile("%([A-Z][A-Z0-9_]*)-([0-7])-[A-Z0-9_]+:");

  private static final Pattern SYSTEMD_UNIT = Pattern.compile(
      "^([\\w@.:\\\\-]+\\.(?:service|mount|automount|socket|timer|target|path|slice|scope|swap|device)): ");

  private JournalLines() {}

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
    String component = program;
    if (program.equals("systemd")) {
      Matcher unit = SYSTEMD_UNIT.matcher(message);
      if (unit.find()) {
        component = unit.group(1);
      }
    }
    String level = LogLevels.inMessage(message);
    return new PlainTextHeader(ts, level == null ? "INFO" : level, m.group(4), component, message, null,
        null, null, null, null, false);
  }
}
