package dev.selfheal.workflows.messages.queries;

import dev.selfheal.workflows.messages.values.RestartRecord;
import java.util.List;

/**
 * A supervisor's view of its service; times are workflow time.
 *
 * @param healthy the last probe's verdict (false before the first one)
 * @param backoffSeconds the wait before the next restart
 * @param crashesInWindow crashes inside the flap window right now
 * @param flappingUntilMillis end of the cool-down, 0 when not flapping
 * @param lastEscalation episode, incident and time of the last escalation, or why it failed
 */
public record SupervisorState(
    String service,
    boolean healthy,
    boolean paused,
    String lastProbe,
    long backoffSeconds,
    long restarts,
    int crashesInWindow,
    long flappingUntilMillis,
    String lastEscalation,
    String openIncident,
    List<RestartRecord> recentRestarts,
    int continuedAsNew) {}
