package dev.selfheal.workflows.messages.values;

import java.util.List;

/**
 * Everything a log watcher needs to resume without re-reading or skipping a line: per file its
 * identity and offset, and the recurrence window. Bounded: one entry per watched file and at most
 * a few hundred signature groups, so it fits a heartbeat and a continue-as-new input.
 *
 * @param alertsRaised alerts raised since the watcher first started (carried across runs)
 * @param unreadableLines JSONL lines that were not JSON objects, counted rather than fatal
 */
public record LogWatchCheckpoint(
    List<FileCheckpoint> files, List<SignatureGroup> groups, long alertsRaised, long unreadableLines) {

  public static LogWatchCheckpoint empty() {
    return new LogWatchCheckpoint(List.of(), List.of(), 0, 0);
  }
}
