package dev.selfheal.activities.logs;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes events as {@code kubectl get events} prints them with a timestamp column:
 * {@code <time> [namespace] Normal|Warning <reason> <kind>/<name> <message>}.
 *
 * <p>The reason is the error type ({@code OOMKilling}, {@code BackOff}, {@code FailedScheduling}),
 * the object the component. Warnings that mean the workload is down (killed for memory, crash
 * looping, evicted, no image) are ERROR; other warnings (a probe failed once, a pod waits for a
 * node) are WARN; Normal events are INFO.
 *
 * <p>The service is the workload the object belongs to, not the file's name: a pod
 * {@code session-store-7d9f8c6b5-x2kqp} and its replica set {@code session-store-7d9f8c6b5} are
 * {@code session-store}; a node is its own name, like a host's journal. A pod's random suffix is
 * recognised by the alphabet Kubernetes generates it from (no vowels), a template hash by its
 * digits, so {@code order-worker} keeps its name.
 */
final class KubernetesEventLines {
  private static final Pattern EVENT = Pattern.compile(
      "^(?:\\S+\\s+)?(Normal|Warning)\\s+(\\w+)\\s+([A-Za-z]+)/(\\S+)\\s+(.*)$");

  private static final Set<String> WORKLOAD_DOWN = Set.of(
      "OOMKilled", "OOMKilling", "SystemOOM", "BackOff", "CrashLoopBackOff", "Failed", "Evicted",
      "FailedMount", "FailedAttachVolume", "FailedCreatePodSandBox", "ErrImagePull", "ImagePullBackOff");

  /** Kubernetes' generated-name alphabet ({@code k8s.io/apimachinery/pkg/util/rand}): no vowels. */
  private static final String GENERATED = "[bcdfghjklmnpqrstvwxz2456789]";
  private static final Pattern POD_SUFFIX = Pattern.compile("-" + GENERATED + "{5}$");
  /** A pod-template hash; any digits-bearing 6–10 characters, since hand-written ones have vowels. */
  private static final Pattern TEMPLATE_HASH = Pattern.compile("-(?=[a-z0-9]*\\d)[a-z0-9]{6,10}$");
  /** A Deployment's pod: {@code -<template hash>-<5 characters>}, the hash with a digit, both lower-case alphanumerics. */
  private static final Pattern HASH_AND_SUFFIX = Pattern.compile("-(?=[a-z0-9]*\\d)[a-z0-9]{8,10}-[a-z0-9]{5}$");
  private static final Pattern CRONJOB_RUN = Pattern.compile("-\\d{6,}$");
  private static final Pattern ORDINAL = Pattern.compile("-\\d+$");
  /** kubelet's {@code Error: ImagePullBackOff}: a container state, one CamelCase word. */
  private static final Pattern CONTAINER_STATE = Pattern.compile("^Error: ([A-Z][A-Za-z]{2,40})$");
  private static final Pattern MISSING_CONFIG = Pattern.compile("Error: (?:secret|configmap|config map) \"?[\\w.-]+\"? not found");

  private KubernetesEventLines() {}

  /** The part of an event line after its timestamp, or null when it is not an event. */
  static PlainTextHeader event(Instant ts, String rest) {
    Matcher m = EVENT.matcher(rest);
    if (!m.matches()) {
      return null;
    }
    String type = m.group(1);
    String reason = m.group(2);
    String kind = m.group(3);
    String name = m.group(4);
    String level = type.equals("Normal") ? "INFO" : WORKLOAD_DOWN.contains(reason) ? "ERROR" : "WARN";
    return new PlainTextHeader(ts, level, workload(kind, name), kind + "/" + name, m.group(5), errorType(reason, m.group(5)),
        null, null, null, null, false);
  }

  /**
   * The reason, or for kubelet's catch-all {@code Failed} and {@code BackOff} the container state
   * its message names: {@code Error: ErrImagePull}, a failed pull, a missing secret or config map
   * ({@code CreateContainerConfigError}), a pull backing off ({@code ImagePullBackOff}).
   */
  private static String errorType(String reason, String message) {
    if (reason.equals("Failed")) {
      Matcher state = CONTAINER_STATE.matcher(message);
      if (state.matches()) {
        return state.group(1);
      }
      if (message.startsWith("Failed to pull image")) {
        return "ErrImagePull";
      }
      if (MISSING_CONFIG.matcher(message).lookingAt()) {
        return "CreateContainerConfigError";
      }
    } else if (reason.equals("BackOff") && message.startsWith("Back-off pulling image")) {
      return "ImagePullBackOff";
    }
    return reason;
  }

  /** The workload an object belongs to, by Kubernetes' naming conventions. */
  static String workload(String kind, String name) {
    return switch (kind.toLowerCase(Locale.ROOT)) {
      case "pod" -> {
        String deployed = strip(HASH_AND_SUFFIX, name);
        if (!deployed.equals(name)) {
          yield deployed; // a Deployment's pod, whatever alphabet its suffix was written in
        }
        String owner = strip(POD_SUFFIX, name);
        if (owner.equals(name)) {
          yield strip(ORDINAL, name); // a StatefulSet's pod-0
        }
        yield strip(CRONJOB_RUN, strip(TEMPLATE_HASH, owner));
      }
      case "replicaset" -> strip(TEMPLATE_HASH, name);
      case "job" -> strip(CRONJOB_RUN, name);
      default -> name;
    };
  }

  private static String strip(Pattern suffix, String name) {
    Matcher m = suffix.matcher(name);
    return m.find() && m.start() > 0 ? name.substring(0, m.start()) : name;
  }
}
