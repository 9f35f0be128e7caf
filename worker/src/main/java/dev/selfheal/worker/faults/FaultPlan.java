package dev.selfheal.worker.faults;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Faults to inject into this worker's activities, by activity type; a test and chaos tool, empty
 * unless configured. Spec: comma-separated {@code halt-after:<ActivityType>} or
 * {@code fail-after:<ActivityType>}, e.g. {@code fail-after:OpenReview,fail-after:Merge}.
 */
public record FaultPlan(Map<String, Fault> byActivityType) {
  public FaultPlan {
    byActivityType = Map.copyOf(byActivityType);
  }

  public static FaultPlan none() {
    return new FaultPlan(Map.of());
  }

  /**
   * @param spec null or blank for none
   * @throws IllegalArgumentException naming the bad entry; for an unknown type, listing the known ones
   */
  public static FaultPlan parse(String spec, Set<String> knownTypes) {
    if (spec == null || spec.isBlank()) {
      return none();
    }
    Map<String, Fault> faults = new TreeMap<>();
    for (String entry : spec.split(",", -1)) {
      String trimmed = entry.strip();
      int colon = trimmed.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("'" + trimmed + "' is not <fault>:<ActivityType>; faults: " + faultNames());
      }
      String name = trimmed.substring(0, colon).strip();
      String type = trimmed.substring(colon + 1).strip();
      Fault fault = Arrays.stream(Fault.values()).filter(f -> f.spec().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + name + "' in '" + trimmed + "'; faults: " + faultNames()));
      if (!knownTypes.contains(type)) {
        throw new IllegalArgumentException("unknown activity type '" + type + "' in '" + trimmed + "'; known types: "
            + String.join(", ", knownTypes));
      }
      if (faults.putIfAbsent(type, fault) != null) {
        throw new IllegalArgumentException("activity type '" + type + "' named twice");
      }
    }
    return new FaultPlan(faults);
  }

  public boolean isEmpty() {
    return byActivityType.isEmpty();
  }

  private static String faultNames() {
    return Arrays.stream(Fault.values()).map(Fault::spec).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return new TreeMap<>(byActivityType).entrySet().stream()
        .map(e -> e.getValue().spec() + ":" + e.getKey())
        .collect(Collectors.joining(","));
  }
}
