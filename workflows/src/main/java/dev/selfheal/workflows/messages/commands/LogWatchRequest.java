package dev.selfheal.workflows.messages.commands;

import dev.selfheal.workflows.IncidentIds;
import dev.selfheal.workflows.messages.values.LogSource;
import dev.selfheal.workflows.messages.values.LogWatchCheckpoint;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Start (or continue) a service's log watcher.
 *
 * @param threshold occurrences of one error signature that make an alert; 0 means {@link
 *     #DEFAULT_THRESHOLD}
 * @param windowSeconds within how long they must occur, and how long an alerted signature stays
 *     quiet; 0 means {@link #DEFAULT_WINDOW}
 * @param checkpoint where to resume; null starts every file at its current end
 */
public record LogWatchRequest(
    String service, List<LogSource> sources, int threshold, long windowSeconds, LogWatchCheckpoint checkpoint) {
  public static final int DEFAULT_THRESHOLD = 5;
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
  public static final int MAX_SOURCES = 32;
  public static final int MAX_THRESHOLD = 10_000;
  public static final long MAX_WINDOW_SECONDS = 7 * 24 * 3600;

  public int thresholdOrDefault() {
    return threshold > 0 ? threshold : DEFAULT_THRESHOLD;
  }

  public Duration window() {
    return windowSeconds > 0 ? Duration.ofSeconds(windowSeconds) : DEFAULT_WINDOW;
  }

  public LogWatchRequest withCheckpoint(LogWatchCheckpoint next) {
    return new LogWatchRequest(service, sources, threshold, windowSeconds, next);
  }

  /** @throws IllegalArgumentException naming the first thing that is wrong */
  public void validate() {
    IncidentIds.requireService(service);
    if (sources == null || sources.isEmpty()) {
      throw new IllegalArgumentException("service '" + service + "' has no log sources to watch");
    }
    if (sources.size() > MAX_SOURCES) {
      throw new IllegalArgumentException("service '" + service + "' has " + sources.size()
          + " log sources; at most " + MAX_SOURCES + " are watched");
    }
    Set<String> paths = new HashSet<>();
    for (LogSource source : sources) {
      if (source == null) {
        throw new IllegalArgumentException("service '" + service + "' has an empty log source");
      }
      source.validate();
      if (!paths.add(source.path())) {
        throw new IllegalArgumentException("log source '" + source.path() + "' is listed twice");
      }
    }
    if (threshold < 0 || threshold > MAX_THRESHOLD) {
      throw new IllegalArgumentException("threshold " + threshold + " is out of range 1.." + MAX_THRESHOLD);
    }
    if (windowSeconds < 0 || windowSeconds > MAX_WINDOW_SECONDS) {
      throw new IllegalArgumentException("window of " + windowSeconds + " s is out of range 1.." + MAX_WINDOW_SECONDS);
    }
  }
}
