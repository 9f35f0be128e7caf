package dev.selfheal.activities.logs;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * The dated timestamp forms plain-text logs print, each to an {@link Instant}; null when the text
 * is not a valid instant (month 13, Feb 30), so the caller can count the line instead of failing.
 * A timestamp without a zone is UTC, as the case README says. Forms without a year are {@link
 * UndatedYear}'s job.
 */
final class LogTimestamps {
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  private LogTimestamps() {}

  /**
   * {@code 2024-05-31 22:55:01.226}, {@code 2024-05-31T22:55:01,226Z}, {@code ... +0000},
   * {@code ... +02:00}, {@code ... UTC}: ISO-8601 and the close variants loggers print.
   */
  static Instant isoLike(String dateTime, String zone) {
    StringBuilder s = new StringBuilder(dateTime.length() + 6).append(dateTime);
    s.setCharAt(10, 'T');
    int comma = s.indexOf(",");
    if (comma > 0) {
      s.setCharAt(comma, '.'); // Python logging writes milliseconds after a comma
    }
    if (zone != null) {
      String z = zone.trim();
      if (z.equals("Z") || z.equals("UTC")) {
        s.append('Z');
      } else if (!z.isEmpty()) {
        s.append(z, 0, 3).append(':').append(z.length() > 3 ? z.substring(z.length() - 2) : "00");
      }
    }
    return JsonlLogReader.parseInstant(s.toString());
  }

  /** nginx and Apache: {@code 31/May/2024:22:55:01 +0000}. */
  static Instant nginx(String day, String month, String year, String time, String offset) {
    int m = month(month);
    if (m == 0) {
      return null;
    }
    return isoLike(year + "-" + (m < 10 ? "0" : "") + m + "-" + day + "T" + time, offset);
  }

  /** Go's standard logger: {@code 2024/06/01 00:00:13} (optionally with a fraction). */
  static Instant slashed(String dateTime) {
    return isoLike(dateTime.replace('/', '-'), null);
  }

  /** Redis: {@code 20 Aug 2024 02:40:14.004}. */
  static Instant redis(String day, String month, String year, String time) {
    int m = month(month);
    if (m == 0) {
      return null;
    }
    LocalTime t = time(time);
    try {
      return t == null ? null
          : LocalDate.of(Integer.parseInt(year), m, Integer.parseInt(day)).atTime(t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** Seconds (10 digits, optional fraction) or milliseconds (13 digits) since the epoch. */
  static Instant epoch(String digits, String fraction) {
    long value = Long.parseLong(digits);
    if (digits.length() == 13) {
      return Instant.ofEpochMilli(value);
    }
    if (fraction == null) {
      return Instant.ofEpochSecond(value);
    }
    String nanos = (fraction + "000000000").substring(0, 9);
    return Instant.ofEpochSecond(value, Long.parseLong(nanos));
  }

  /** {@code Jan} → 1 ... {@code Dec} → 12; 0 for anything else. */
  static int month(String abbreviation) {
    for (int i = 0; i < MONTHS.length; i++) {
      if (MONTHS[i].equalsIgnoreCase(abbreviation)) {
        return i + 1;
      }
    }
    return 0;
  }

  /** {@code HH:mm:ss} with an optional fraction of up to nine digits; null when out of range. */
  static LocalTime time(String text) {
    try {
      return LocalTime.parse(text);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
