package dev.selfheal.activities.config;

/**
 * The service's limits.
 *
 * @param minConfidence below this diagnosis confidence the service's incidents escalate instead
 *     of patching; 0 sets no gate of the service's own
 * @param recurrence when repeated log errors become an incident
 * @param flapping when restarts pause
 * @param backoff delay between restarts
 */
public record Thresholds(double minConfidence, Recurrence recurrence, Flapping flapping, Backoff backoff) {
  public static final Thresholds DEFAULT = new Thresholds(0, Recurrence.DEFAULT, Flapping.DEFAULT, Backoff.DEFAULT);
}
