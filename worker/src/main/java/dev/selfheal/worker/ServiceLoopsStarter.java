package dev.selfheal.worker;

import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.config.ServiceLoops;
import dev.selfheal.activities.config.ServiceSpec;
import dev.selfheal.workflows.LogWatcherClient;
import dev.selfheal.workflows.SupervisorClient;
import io.temporal.client.WorkflowClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure every catalog service has the loops its entry asks for: a log watcher when it lists
 * logs, a supervisor when it names a restart command. Running ones get the catalog's current
 * settings and keep their checkpoints and counters, so any number of workers may call this at
 * start.
 */
public final class ServiceLoopsStarter {
  private static final Logger log = LoggerFactory.getLogger(ServiceLoopsStarter.class);

  private ServiceLoopsStarter() {}

  public static void ensure(WorkflowClient client, ServiceCatalog catalog) {
    LogWatcherClient watchers = new LogWatcherClient(client);
    SupervisorClient supervisors = new SupervisorClient(client);
    for (ServiceSpec spec : catalog.all().values()) {
      ServiceLoops.logWatch(spec).ifPresent(request -> log.info("log watcher service={} sources={} {}",
          spec.name(), request.sources().size(), watchers.ensureRunning(request) ? "started" : "running, settings sent"));
      ServiceLoops.supervision(spec).ifPresent(request -> log.info("supervisor service={} health={} {}",
          spec.name(), request.health().url() != null ? request.health().url() : request.health().command(),
          supervisors.ensureRunning(request) ? "started" : "running, settings sent"));
    }
  }
}
