package dev.selfheal.activities.detect;

import dev.selfheal.activities.Failures;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.config.ServiceSpec;
import dev.selfheal.workflows.Errors;
import dev.selfheal.workflows.activities.DetectActivities;
import dev.selfheal.workflows.messages.requests.DetectRequest;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.Detection;
import dev.selfheal.workflows.messages.values.Severity;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checks the alert against the catalog and classifies its severity. */
public class DetectActivitiesImpl implements DetectActivities {
  private static final Logger log = LoggerFactory.getLogger(DetectActivitiesImpl.class);

  private final ServiceCatalog catalog;

  public DetectActivitiesImpl(ServiceCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public Detection detect(DetectRequest request) {
    Alert alert = request.alert();
    if (alert == null || alert.title() == null || alert.title().isBlank()) {
      throw Failures.nonRetryable(Errors.INVALID_ALERT, "alert has no title");
    }
    ServiceSpec spec = catalog.require(alert.service());
    Severity severity = classify(alert);
    log.info("incident={} service={} severity={} title={}", request.incidentId(), alert.service(), severity, alert.title());
    return new Detection(severity, "'" + alert.title() + "' from " + alert.source(), spec.thresholds().minConfidence(),
        spec.autonomy().name().toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * A {@code priority} label (P0..P3) set by the alert's author wins; otherwise the source's
   * severity word maps down one step from "everything is down" (P0), which no single alert can
   * claim on its own.
   */
  static Severity classify(Alert alert) {
    Map<String, String> labels = alert.labels() == null ? Map.of() : alert.labels();
    String priority = labels.get("priority");
    if (priority != null && priority.toUpperCase(Locale.ROOT).matches("P[0-3]")) {
      return Severity.valueOf(priority.toUpperCase(Locale.ROOT));
    }
    String word = alert.severity() == null ? "" : alert.severity().toLowerCase(Locale.ROOT);
    return switch (word) {
      case "critical", "page", "fatal" -> Severity.P1;
      case "high", "error", "major" -> Severity.P2;
      default -> Severity.P3;
    };
  }
}
