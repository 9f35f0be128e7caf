package dev.selfheal.workflows.messages.values;

import java.util.List;

/**
 * A supervisor's counters, handed from one run to the next on continue-as-new so backoff,
 * crash window and cool-down survive it.
 *
 * @param healthySinceMillis start of the current healthy stretch, 0 when not healthy
 * @param crashTimesMillis crashes still inside the flap window
 * @param openIncident the incident of the last flapping episode while it is believed open
 */
public record SupervisorCarryOver(
    long backoffSeconds,
    long healthySinceMillis,
    List<Long> crashTimesMillis,
    List<RestartRecord> recentRestarts,
    long restarts,
    long flappingUntilMillis,
    int episodes,
    String lastEscalation,
    String openIncident,
    boolean paused,
    int continuedAsNew) {

  public SupervisorCarryOver {
    crashTimesMillis = crashTimesMillis == null ? List.of() : List.copyOf(crashTimesMillis);
    recentRestarts = recentRestarts == null ? List.of() : List.copyOf(recentRestarts);
  }
}
