package dev.selfheal.starter.alerts;

import java.util.Locale;
import java.util.Map;

/**
 * Vendors' severity words as the four the generic alert uses (critical, high, warning, info).
 * Alertmanager severities are whatever rule authors wrote and Sentry has levels, so the common
 * spellings of each step are accepted; anything else is refused rather than guessed.
 */
final class SeverityWords {
  private static final Map<String, String> WORDS = Map.ofEntries(
      Map.entry("critical", "critical"), Map.entry("crit", "critical"), Map.entry("fatal", "critical"),
      Map.entry("page", "critical"), Map.entry("emergency", "critical"),
      Map.entry("high", "high"), Map.entry("error", "high"), Map.entry("err", "high"), Map.entry("major", "high"),
      Map.entry("warning", "warning"), Map.entry("warn", "warning"), Map.entry("minor", "warning"),
      Map.entry("medium", "warning"),
      Map.entry("info", "info"), Map.entry("informational", "info"), Map.entry("notice", "info"),
      Map.entry("low", "info"), Map.entry("none", "info"), Map.entry("debug", "info"));

  private SeverityWords() {}

  /** @param field where the word came from, for the error */
  static String normalize(String word, String field) {
    String severity = WORDS.get(word.trim().toLowerCase(Locale.ROOT));
    if (severity == null) {
      throw new InvalidAlertException("field '" + field + "': severity '" + word
          + "' is not a known word for critical, high, warning or info");
    }
    return severity;
  }
}
