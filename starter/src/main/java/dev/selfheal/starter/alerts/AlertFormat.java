package dev.selfheal.starter.alerts;

/** The alert bodies selfheal understands. */
enum AlertFormat {
  GENERIC,
  ALERTMANAGER,
  GRAFANA,
  SENTRY,
  PAGERDUTY
}
