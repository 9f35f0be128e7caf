package dev.selfheal.activities.config;

import dev.selfheal.workflows.messages.commands.LogWatchRequest;
import dev.selfheal.workflows.messages.commands.SupervisionRequest;
import dev.selfheal.workflows.messages.values.ServiceCommand;
import dev.selfheal.workflows.messages.values.SupervisionPolicy;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The long-running loops a catalog entry asks for: a log watcher for a service with logs, a
 * supervisor for one that says how to restart it. The catalog's thresholds become the loops'
 * requests here and nowhere else.
 */
public final class ServiceLoops {
  private ServiceLoops() {}

  /** The watcher's request: every log source, with the service's recurrence threshold. */
  public static Optional<LogWatchRequest> logWatch(ServiceSpec spec) {
    if (spec.logs().isEmpty()) {
      return Optional.empty();
    }
    List<dev.selfheal.workflows.messages.values.LogSource> sources = spec.logs().stream()
        .map(l -> new dev.selfheal.workflows.messages.values.LogSource(l.path(), l.format().name().toLowerCase(Locale.ROOT)))
        .toList();
    Recurrence recurrence = spec.thresholds().recurrence();
    return Optional.of(new LogWatchRequest(spec.name(), sources, recurrence.count(), recurrence.window().toSeconds(), null));
  }

  /** The supervisor's request, when the catalog names a restart command; empty otherwise. */
  public static Optional<SupervisionRequest> supervision(ServiceSpec spec) {
    RestartSpec restart = spec.restart();
    if (restart == null) {
      return Optional.empty();
    }
    HealthCheck health = spec.health();
    Backoff backoff = spec.thresholds().backoff();
    Flapping flapping = spec.thresholds().flapping();
    SupervisionPolicy policy = new SupervisionPolicy(
        health.interval().toSeconds(),
        backoff.initial().toSeconds(),
        backoff.max().toSeconds(),
        backoff.healthyReset().toSeconds(),
        flapping.crashes(),
        flapping.window().toSeconds(),
        flapping.cooldown().toSeconds(),
        0);
    dev.selfheal.workflows.messages.values.HealthCheck probe =
        new dev.selfheal.workflows.messages.values.HealthCheck(health.url(), health.command(), health.timeout().toMillis());
    ServiceCommand command = new ServiceCommand(restart.command(), restart.dir(), spec.env(), 0);
    List<String> logFiles = spec.logs().stream().map(LogSource::path).toList();
    return Optional.of(new SupervisionRequest(spec.name(), probe, command, policy, logFiles, null));
  }
}
