package dev.selfheal.activities.logs;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * Gives a year to the timestamps that print none (syslog/journald {@code Jun 01 06:41:02}, klog
 * {@code E0601 06:41:02.123456}), one file at a time:
 *
 * <ol>
 *   <li>After any timestamp in the file, dated or not, the year that puts the new one nearest to
 *       it: a journal running from Dec 31 into Jan 1 moves on to the next year, and undated lines
 *       in a file of dated ones take their neighbours' year.
 *   <li>The first one in a file takes the year of the reference instant (when the log was read,
 *       or when the incident happened), or the year before when that would put it more than a day
 *       after the reference: a journal read on Jan 1 was mostly written last year.
 * </ol>
 */
public final class UndatedYear {
  private static final Duration SLACK = Duration.ofDays(1);

  private final Instant reference;
  private Instant previous;

  public UndatedYear(Instant reference) {
    this.reference = reference;
  }

  /** A dated timestamp read from the file: undated ones after it take their year from it. */
  void seen(Instant dated) {
    previous = dated;
  }

  /** The instant of {@code month day time} (UTC), or null when no year has that date (Feb 30). */
  Instant resolve(int month, int day, LocalTime time) {
    Instant resolved;
    if (previous != null) {
      resolved = nearest(month, day, time, previous);
    } else {
      int year = reference.atOffset(ZoneOffset.UTC).getYear();
      resolved = at(year, month, day, time);
      if (resolved == null || resolved.isAfter(reference.plus(SLACK))) {
        resolved = at(year - 1, month, day, time);
      }
    }
    if (resolved != null) {
      previous = resolved;
    }
    return resolved;
  }

  private static Instant nearest(int month, int day, LocalTime time, Instant anchor) {
    int year = anchor.atOffset(ZoneOffset.UTC).getYear();
    Instant best = null;
    for (int y = year - 1; y <= year + 1; y++) {
      Instant candidate = at(y, month, day, time);
      if (candidate != null && (best == null
          || Duration.between(candidate, anchor).abs().compareTo(Duration.between(best, anchor).abs()) < 0)) {
        best = candidate;
      }
    }
    return best;
  }

  private static Instant at(int year, int month, int day, LocalTime time) {
    try {
      return LocalDate.of(year, month, day).atTime(time).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
