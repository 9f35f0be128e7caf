package dev.selfheal.activities.watch;

import java.time.Instant;

/**
 * A signature that just reached the threshold within the window.
 *
 * @param count occurrences within the window, the threshold
 * @param alertId idempotency key of the alert this recurrence raises: the same on every re-read of
 *     the same lines, different for every later recurrence of the group
 */
record Recurrence(ErrorSignature signature, String fingerprint, int count, Instant firstSeen, Instant lastSeen,
    String alertId) {}
