package dev.selfheal.workflows.messages.values;

import java.util.List;

/**
 * One error signature's recurrence state: what the recurrence window needs to resume, and what
 * the watcher's {@code state} query shows.
 *
 * @param fingerprint short stable hash of the signature; the incident's fingerprint
 * @param signature exception type, top frame and normalized message (cut)
 * @param recentMillis event times of the latest occurrences, oldest first, at most the threshold
 * @param quietUntilMillis no alert for this group before this event time (0: none raised yet)
 * @param lastAlertId the idempotency key of the last alert raised, null before the first
 */
public record SignatureGroup(
    String fingerprint,
    String signature,
    List<Long> recentMillis,
    long firstSeenMillis,
    long lastSeenMillis,
    long occurrences,
    long quietUntilMillis,
    int alertsRaised,
    String lastAlertId) {}
