package dev.selfheal.worker;

import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.ci.CiActivitiesImpl;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.deploy.DeployActivitiesImpl;
import dev.selfheal.activities.detect.DetectActivitiesImpl;
import dev.selfheal.activities.diagnosis.Diagnoser;
import dev.selfheal.activities.diagnosis.DiagnosisActivitiesImpl;
import dev.selfheal.activities.fix.FixActivitiesImpl;
import dev.selfheal.activities.fix.RecipeRegistry;
import dev.selfheal.activities.fix.llm.LlmEditor;
import dev.selfheal.activities.git.GitActivitiesImpl;
import dev.selfheal.activities.lessons.LessonActivitiesImpl;
import dev.selfheal.activities.logs.LogActivitiesImpl;
import dev.selfheal.activities.review.CodeHostReviewActivities;
import dev.selfheal.activities.review.LocalReviewActivities;
import dev.selfheal.activities.supervise.FlapEscalationActivitiesImpl;
import dev.selfheal.activities.supervise.HealthProbeActivitiesImpl;
import dev.selfheal.activities.supervise.RestartActivitiesImpl;
import dev.selfheal.activities.tickets.TicketActivitiesImpl;
import dev.selfheal.activities.verify.VerifyActivitiesImpl;
import dev.selfheal.activities.watch.LogWatchActivitiesImpl;
import dev.selfheal.workflows.IncidentWorkflowImpl;
import dev.selfheal.workflows.LogWatcherWorkflowImpl;
import dev.selfheal.workflows.SupervisorWorkflowImpl;
import dev.selfheal.workflows.TaskQueues;
import dev.selfheal.worker.faults.FaultInjectingInterceptor;
import dev.selfheal.worker.faults.FaultPlan;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers selfheal's workflows and activities on their task queues. Bootstrap only: every
 * behaviour lives in the workflows and activities modules.
 */
public final class SelfhealWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SelfhealWorker.class);

  private static final Duration STICKY_TIMEOUT = Duration.ofSeconds(2);

  private final WorkerFactory factory;
  private final String hostQueue;
  private final Set<Capability> capabilities;
  private final List<String> taskQueues;

  private SelfhealWorker(WorkerFactory factory, String hostQueue, Set<Capability> capabilities, List<String> taskQueues) {
    this.factory = factory;
    this.hostQueue = hostQueue;
    this.capabilities = capabilities;
    this.taskQueues = taskQueues;
  }

  /**
   * A worker with the built-in diagnosis and no Web UI link in reviews.
   *
   * @param hostId names this host's repair queue; a restarted worker with the same id (same
   *     disk) picks up the worktrees the previous one left
   */
  public static SelfhealWorker create(
      WorkflowClient client, ServiceCatalog catalog, Workspace workspace, String hostId, Set<Capability> capabilities) {
    return create(client, catalog, workspace, hostId, capabilities, new Diagnoser(), null, null, FaultPlan.none());
  }

  /**
   * @param diagnoser how diagnosis decides: the analyzer, the team's playbook, an optional LLM
   * @param llmEditor asked for edits when no recipe fits; null when no LLM is configured
   * @param webUiBase the Temporal Web UI as reviewers' browsers reach it, for the incident link in
   *     pull requests; null for no link
   * @param faults injected into this worker's activities (test and chaos tool); empty = none
   */
  public static SelfhealWorker create(
      WorkflowClient client, ServiceCatalog catalog, Workspace workspace, String hostId, Set<Capability> capabilities,
      Diagnoser diagnoser, LlmEditor llmEditor, String webUiBase, FaultPlan faults) {
    WorkerFactory factory = faults.isEmpty()
        ? WorkerFactory.newInstance(client)
        : WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
            .setWorkerInterceptors(FaultInjectingInterceptor.halting(faults)).build());
    if (!faults.isEmpty()) {
      log.warn("fault injection on faults={}: this worker drops activity completions on purpose", faults);
    }
    // a workflow task bound for a dead worker's sticky cache falls back to the shared queue after
    // this (SDK default 5 s); a cache miss costs a replay of a history of a few hundred events
    WorkerOptions options = WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(STICKY_TIMEOUT).build();
    String hostQueue = TaskQueues.repairHost(hostId);
    Set<Capability> caps = capabilities.isEmpty() ? EnumSet.allOf(Capability.class) : EnumSet.copyOf(capabilities);
    List<String> queues = new ArrayList<>();
    if (caps.contains(Capability.ORCHESTRATION)) {
      queues.add(TaskQueues.ORCHESTRATION);
      factory.newWorker(TaskQueues.ORCHESTRATION, options)
          .registerWorkflowImplementationTypes(IncidentWorkflowImpl.class, LogWatcherWorkflowImpl.class, SupervisorWorkflowImpl.class);
    }
    if (caps.contains(Capability.IO)) {
      queues.add(TaskQueues.IO);
      factory
          .newWorker(TaskQueues.IO)
          .registerActivitiesImplementations(
              new DetectActivitiesImpl(catalog),
              new TicketActivitiesImpl(workspace),
              new LogActivitiesImpl(catalog, workspace),
              new DiagnosisActivitiesImpl(diagnoser),
              new VerifyActivitiesImpl(catalog),
              new LessonActivitiesImpl(workspace),
              new HealthProbeActivitiesImpl(workspace),
              new RestartActivitiesImpl(workspace),
              new FlapEscalationActivitiesImpl(),
              new LogWatchActivitiesImpl());
    }
    if (caps.contains(Capability.REPAIR)) {
      for (String queue : new String[] {TaskQueues.REPAIR, hostQueue}) {
        queues.add(queue);
        Worker worker = factory.newWorker(queue);
        worker.registerActivitiesImplementations(
            new GitActivitiesImpl(catalog, workspace, hostQueue),
            new FixActivitiesImpl(catalog, workspace, RecipeRegistry.builtIn(), catalog::guardPolicy, llmEditor),
            new CiActivitiesImpl(catalog, workspace, catalog::testReports),
            // each service's catalog review host; tokens are read from this process's environment
            new CodeHostReviewActivities(
                catalog, catalog::codeHost, new LocalReviewActivities(catalog, workspace), System::getenv, webUiBase),
            new DeployActivitiesImpl(catalog, workspace));
      }
    }
    log.info("worker ready capabilities={} queues={} identity={} workspace={} services={}",
        caps, queues, client.getOptions().getIdentity(), workspace.root(), catalog.all().keySet());
    return new SelfhealWorker(factory, hostQueue, Set.copyOf(caps), List.copyOf(queues));
  }

  public SelfhealWorker start() {
    factory.start();
    return this;
  }

  public String hostQueue() {
    return hostQueue;
  }

  public Set<Capability> capabilities() {
    return capabilities;
  }

  /** Every task queue this worker polls. */
  public List<String> taskQueues() {
    return taskQueues;
  }

  /** True between start and shutdown. */
  public boolean isRunning() {
    return factory.isStarted() && !factory.isShutdown();
  }

  /** Stops polling and lets running activities finish for up to {@code grace}. */
  public void close(Duration grace) {
    factory.shutdown();
    factory.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    factory.shutdown();
  }
}
