package dev.selfheal.workflows.messages.values;

/**
 * How the supervisor's alerts look, shared by the activity that raises them and the incident that
 * records them: every restart and escalation belongs on the incident's timeline.
 */
public final class SupervisorAlerts {
  /** {@link Alert#source()} of alerts raised by a supervisor. */
  public static final String SOURCE = "supervisor";
  /** Label: one line per restart before the escalation, oldest first. */
  public static final String RESTART_HISTORY = "restart_history";
  /** Label: the service's last log lines when it was found flapping. */
  public static final String LOG_TAIL = "log_tail";

  private SupervisorAlerts() {}

  public static boolean isFrom(Alert alert) {
    return alert != null && SOURCE.equals(alert.source());
  }
}
