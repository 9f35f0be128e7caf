package dev.selfheal.workflows.messages.requests;

import dev.selfheal.workflows.messages.values.LogSource;
import dev.selfheal.workflows.messages.values.LogWatchCheckpoint;
import java.util.List;

/**
 * Tail a service's logs for {@code runSeconds}, raising an alert whenever one error signature
 * recurs {@code threshold} times within {@code windowSeconds}.
 *
 * @param checkpoint where the previous run stopped; a retried attempt prefers its own heartbeat
 */
public record TailRequest(
    String watcherId,
    String service,
    List<LogSource> sources,
    int threshold,
    long windowSeconds,
    long runSeconds,
    LogWatchCheckpoint checkpoint) {}
