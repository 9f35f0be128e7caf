package dev.selfheal.workflows.messages.queries;

import dev.selfheal.workflows.messages.values.FileCheckpoint;
import dev.selfheal.workflows.messages.values.SignatureGroup;
import java.util.List;

/**
 * What a log watcher knows as of its last finished tail run.
 *
 * @param tailRuns tail runs finished in this run of the workflow (reset by continue-as-new)
 */
public record LogWatchState(
    String service,
    List<FileCheckpoint> files,
    List<SignatureGroup> groups,
    long alertsRaised,
    int tailRuns,
    boolean stopping) {}
