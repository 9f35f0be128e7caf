package dev.selfheal.activities.watch;

import dev.selfheal.workflows.messages.values.Alert;

/** Where a watcher's alerts go: into their incidents, in production. */
interface AlertSink {
  /**
   * Raises {@code alert} unless an alert with the same {@code alert_id} label already reached its
   * incident (a retried tail reading the same lines again).
   *
   * @return the incident id
   */
  String raise(Alert alert);
}
