package dev.selfheal.activities.diagnosis;

import dev.selfheal.activities.logs.LogRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How much a service logged, its first few records as read (what a newcomer says it works on),
 * and the programs its lines come from: a host's journal tags each line with its program
 * ({@code unbound[812]:}), and a Redis server's own lines have a shape of their own. That tells
 * what a service is when its name does not ({@code dns-01} runs unbound, {@code cache} is Redis, {@code kube-system} CoreDNS).
 */
final class ServiceRecords {
  /** How many of a service's first records are kept, to read what it began doing. */
  static final int EARLY_RECORDS = 8;
  private static final int MAX_PROGRAMS = 32;
  private static final Pattern PROGRAM = Pattern.compile("[a-z][a-z0-9_-]{0,39}");

  int count;
  long last = Long.MIN_VALUE;
  final List<LogRecord> early = new ArrayList<>(EARLY_RECORDS);
  final Set<String> programs = new HashSet<>(4);

  void add(long ts, LogRecord r) {
    last = Math.max(last, ts);
    if (count++ < EARLY_RECORDS) {
      early.add(r);
    }
    String program = programOf(r);
    if (program != null && programs.size() < MAX_PROGRAMS) {
      programs.add(program);
    }
  }

  /** Whether the service's name or a program its lines come from matches {@code kind}. */
  boolean runs(String service, Pattern kind) {
    if (kind.matcher(service.toLowerCase(Locale.ROOT)).find()) {
      return true;
    }
    for (String program : programs) {
      if (kind.matcher(program).find()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The program a line comes from, when its shape says so: a syslog line's tag, "redis" for a
   * Redis server's {@code 1:M 24 Nov 2026 08:00:00.123 *} line, "coredns" for a CoreDNS plugin's.
   * A structured record's component names a part of an application (a client's "redis" module),
   * so it does not count.
   */
  static String programOf(LogRecord r) {
    String raw = r.raw();
    if (raw == null || raw.length() < 20) {
      return null;
    }
    if (redisShaped(raw)) {
      return "redis";
    }
    if (r.message() != null && r.message().startsWith("plugin/")) {
      return "coredns"; // [ERROR] plugin/errors: 2 example.org. A: ...
    }
    String component = r.component();
    if (component == null || !syslogShaped(raw)) {
      return null;
    }
    int at = raw.indexOf(component, 15);
    if (at < 0 || at > 120 || !PROGRAM.matcher(component).matches()) {
      return null;
    }
    int after = at + component.length();
    return after < raw.length() && (raw.charAt(after) == '[' || raw.charAt(after) == ':' || raw.charAt(after) == ' ') ? component : null;
  }

  /** {@code Jun 01 06:41:02 host prog[pid]: ...}, or forwarded with its priority {@code <11>...}. */
  private static boolean syslogShaped(String raw) {
    return raw.charAt(0) == '<'
        || Character.isUpperCase(raw.charAt(0)) && Character.isLowerCase(raw.charAt(1)) && raw.charAt(3) == ' ' && raw.charAt(9) == ':';
  }

  /** {@code pid:role dd Mon yyyy}: digits, a colon, one of M S C X, a space, a day. */
  private static boolean redisShaped(String raw) {
    int i = 0;
    while (i < raw.length() && i < 10 && Character.isDigit(raw.charAt(i))) {
      i++;
    }
    return i > 0 && i + 3 < raw.length() && raw.charAt(i) == ':' && "MSCX".indexOf(raw.charAt(i + 1)) >= 0
        && raw.charAt(i + 2) == ' ' && Character.isDigit(raw.charAt(i + 3));
  }
}
