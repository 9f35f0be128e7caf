package dev.selfheal.worker;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a worker process can do; a fleet runs any subset per host. */
public enum Capability {
  /** Workflow tasks. */
  ORCHESTRATION,
  /** Alerts, tickets, logs, diagnosis, health checks. */
  IO,
  /** Worktrees, fixes, tests, reviews, merges, deploys: hosts with disk and toolchains. */
  REPAIR;

  /**
   * Parses a comma-separated list such as {@code orchestration,io}; empty means all.
   *
   * @throws IllegalArgumentException naming the unknown entry and the known ones
   */
  public static Set<Capability> parseList(String list) {
    Set<Capability> result = EnumSet.noneOf(Capability.class);
    if (list == null || list.isBlank()) {
      return EnumSet.allOf(Capability.class);
    }
    for (String part : list.split(",")) {
      String name = part.trim();
      if (name.isEmpty()) {
        continue;
      }
      try {
        result.add(valueOf(name.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown queue capability '" + name + "'; known: orchestration, io, repair");
      }
    }
    return result.isEmpty() ? EnumSet.allOf(Capability.class) : result;
  }
}
