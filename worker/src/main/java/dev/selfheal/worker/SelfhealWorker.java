package dev.selfheal.worker;

import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.ci.CiActivitiesImpl;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.deploy.DeployActivitiesImpl;
import dev.selfheal.activities.detect.DetectActivitiesImpl;
import dev.selfheal.activities.diagnosis.DiagnosisActivitiesImpl;
import dev.selfheal.activities.fix.FixActivitiesImpl;
import dev.selfheal.activities.git.GitActivitiesImpl;
import dev.selfheal.activities.lessons.LessonActivitiesImpl;
import dev.selfheal.activities.logs.LogActivitiesImpl;
import dev.selfheal.activities.review.LocalReviewActivities;
import dev.selfheal.activities.tickets.TicketActivitiesImpl;
import dev.selfheal.activities.verify.VerifyActivitiesImpl;
import dev.selfheal.workflows.IncidentWorkflowImpl;
import dev.selfheal.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers selfheal's workflows and activities on their task queues. Bootstrap only: every
 * behaviour lives in the workflows and activities modules.
 */
public final class SelfhealWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SelfhealWorker.class);

  private final WorkerFactory factory;
  private final String hostQueue;

  private SelfhealWorker(WorkerFactory factory, String hostQueue) {
    this.factory = factory;
    this.hostQueue = hostQueue;
  }

  /**
   * @param hostId names this host's repair queue; a restarted worker with the same id (same
   *     disk) picks up the worktrees the previous one left
   */
  public static SelfhealWorker create(
      WorkflowClient client, ServiceCatalog catalog, Workspace workspace, String hostId, Set<Capability> capabilities) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    String hostQueue = TaskQueues.repairHost(hostId);
    Set<Capability> caps = capabilities.isEmpty() ? EnumSet.allOf(Capability.class) : EnumSet.copyOf(capabilities);
    if (caps.contains(Capability.ORCHESTRATION)) {
      factory.newWorker(TaskQueues.ORCHESTRATION).registerWorkflowImplementationTypes(IncidentWorkflowImpl.class);
    }
    if (caps.contains(Capability.IO)) {
      factory
          .newWorker(TaskQueues.IO)
          .registerActivitiesImplementations(
              new DetectActivitiesImpl(catalog),
              new TicketActivitiesImpl(workspace),
              new LogActivitiesImpl(catalog, workspace),
              new DiagnosisActivitiesImpl(),
              new VerifyActivitiesImpl(catalog),
              new LessonActivitiesImpl(workspace));
    }
    if (caps.contains(Capability.REPAIR)) {
      for (String queue : new String[] {TaskQueues.REPAIR, hostQueue}) {
        Worker worker = factory.newWorker(queue);
        worker.registerActivitiesImplementations(
            new GitActivitiesImpl(catalog, workspace, hostQueue),
            new FixActivitiesImpl(catalog, workspace),
            new CiActivitiesImpl(catalog, workspace),
            new LocalReviewActivities(catalog, workspace),
            new DeployActivitiesImpl(catalog, workspace));
      }
    }
    log.info("worker ready capabilities={} hostQueue={} workspace={} services={}", caps, hostQueue, workspace.root(), catalog.all().keySet());
    return new SelfhealWorker(factory, hostQueue);
  }

  public SelfhealWorker start() {
    factory.start();
    return this;
  }

  public String hostQueue() {
    return hostQueue;
  }

  @Override
  public void close() {
    factory.shutdown();
  }
}
