package dev.selfheal.activities.watch;

import dev.selfheal.activities.logs.LogRecord;
import dev.selfheal.workflows.messages.values.Alert;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The alert a recurrence raises: what an on-call reads first, and the labels that prove it. Every
 * recurrence of a service joins one incident (fingerprint {@link #FINGERPRINT}): one broken
 * dependency makes several error signatures recur at once, and they are one problem to diagnose,
 * not one incident each. The signature's own fingerprint stays in a label.
 */
final class WatchAlerts {
  static final String SOURCE = "logwatch";
  static final String FINGERPRINT = "logwatch";
  static final String SIGNATURE_LABEL = "signature_id";
  private static final int MAX_TITLE_CHARS = 200;

  private WatchAlerts() {}

  static Alert alert(String service, Recurrence recurrence, LogEvent last, Duration window) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(Alert.ID_LABEL, recurrence.alertId());
    labels.put("signature", recurrence.signature().text());
    labels.put(SIGNATURE_LABEL, recurrence.fingerprint());
    labels.put("count", Integer.toString(recurrence.count()));
    labels.put("window", window.toSeconds() + "s");
    labels.put("file", last.file());
    labels.put("level", last.level());
    labels.put("first_seen", recurrence.firstSeen().toString());
    labels.put("last_seen", recurrence.lastSeen().toString());
    return new Alert(SOURCE, service, FINGERPRINT, title(last), severity(last.level()),
        recurrence.firstSeen().toString(), "firing", labels, Map.of());
  }

  /** {@code IllegalStateException: Order 42 not found}: the type without its package, and the latest message. */
  static String title(LogEvent event) {
    String type = LogRecord.simpleName(event.errorType());
    String message = event.exceptionMessage() != null && !event.exceptionMessage().isBlank()
        ? event.exceptionMessage() : event.message();
    String text = type == null ? message : message == null || message.isBlank() ? type : type + ": " + message;
    if (text == null || text.isBlank()) {
      text = "recurring error";
    }
    text = text.strip().replaceAll("\\s+", " ");
    if (text.length() > MAX_TITLE_CHARS) {
      text = text.substring(0, MAX_TITLE_CHARS - 1) + "…";
    }
    return text;
  }

  /** The words {@code DetectActivitiesImpl} maps: critical is P1, error P2. */
  static String severity(String level) {
    return "FATAL".equals(level) ? "critical" : "error";
  }
}
