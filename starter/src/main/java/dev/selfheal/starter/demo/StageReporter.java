package dev.selfheal.starter.demo;

import dev.selfheal.workflows.messages.queries.TimelineEntry;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Prints an incident's timeline as it grows: each stage with its duration and key result. */
public final class StageReporter {
  private final PrintStream out;
  private final Map<String, Long> startedAt = new HashMap<>();
  private int printed;

  public StageReporter(PrintStream out) {
    this.out = out;
  }

  /** Prints the entries not printed yet; the timeline only ever grows. */
  public void update(List<TimelineEntry> timeline) {
    for (; printed < timeline.size(); printed++) {
      TimelineEntry e = timeline.get(printed);
      switch (e.event()) {
        case "started" -> startedAt.put(e.stage(), e.atMillis());
        case "done" -> {
          long took = e.atMillis() - startedAt.getOrDefault(e.stage(), e.atMillis());
          out.printf("  %-9s done in %5.1fs  %s%n", e.stage(), took / 1000.0, nullToEmpty(e.detail()));
        }
        default -> out.printf("  %-9s %s%s%n", e.stage(), e.event(), e.detail() == null ? "" : ": " + e.detail());
      }
    }
    out.flush();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
