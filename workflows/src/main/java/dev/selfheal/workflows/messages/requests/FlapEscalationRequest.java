package dev.selfheal.workflows.messages.requests;

import dev.selfheal.workflows.messages.values.RestartRecord;
import java.util.List;

/**
 * Raise a flapping service into its incident, with evidence.
 *
 * @param episodeId one flapping episode; the alert is raised at most once per episode
 * @param logFiles the activity reads their last lines (bounded)
 */
public record FlapEscalationRequest(
    String service, String episodeId, String title, List<String> logFiles, List<RestartRecord> restarts) {}
