package dev.selfheal.starter.worker;

import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.diagnosis.CausalAnalyzer;
import dev.selfheal.activities.diagnosis.Diagnoser;
import dev.selfheal.activities.diagnosis.Playbook;
import dev.selfheal.activities.diagnosis.llm.LlmAdvisor;
import dev.selfheal.activities.diagnosis.llm.LlmConfig;
import dev.selfheal.activities.diagnosis.llm.LlmProvider;
import dev.selfheal.activities.fix.llm.LlmEditor;
import dev.selfheal.starter.connect.ConnectionOptions;
import dev.selfheal.starter.connect.EnvVars;
import dev.selfheal.starter.connect.SearchAttributeSetup;
import dev.selfheal.starter.connect.TemporalConnection;
import dev.selfheal.worker.Capability;
import dev.selfheal.worker.SelfhealWorker;
import dev.selfheal.worker.ServiceLoopsStarter;
import dev.selfheal.worker.WorkerHealthServer;
import dev.selfheal.worker.faults.ActivityTypes;
import dev.selfheal.worker.faults.FaultPlan;
import dev.selfheal.workflows.IncidentSearchAttributes;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code selfheal worker}: one worker process of the fleet. Runs until SIGTERM/SIGINT, then
 * stops polling and lets running activities finish briefly; a SIGKILL is survived by design
 * (the server hands the work to another worker).
 */
@Command(name = "worker", mixinStandardHelpOptions = true, description = "Run a worker: polls selfheal's task queues until stopped.")
public final class WorkerCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);

  @Mixin ConnectionOptions connection;

  @Option(names = "--catalog", defaultValue = "${env:" + EnvVars.SELFHEAL_CATALOG + "}",
      description = "Services catalog YAML (env " + EnvVars.SELFHEAL_CATALOG + ").")
  Path catalog;

  @Option(names = "--workspace", defaultValue = "${env:" + EnvVars.SELFHEAL_WORKSPACE + ":-.selfheal/work}",
      description = "Folder for worktrees, tickets and lessons (env " + EnvVars.SELFHEAL_WORKSPACE + ", default: ${DEFAULT-VALUE}).")
  Path workspace;

  @Option(names = "--host-id", defaultValue = "${env:" + EnvVars.SELFHEAL_HOST_ID + "}",
      description = "This host's id; names its repair queue. Keep it stable across restarts on the same disk "
          + "(env " + EnvVars.SELFHEAL_HOST_ID + ", default: the host name).")
  String hostId;

  @Option(names = "--queues", defaultValue = "${env:" + EnvVars.SELFHEAL_QUEUES + ":-orchestration,io,repair}",
      description = "Capabilities to serve, comma-separated: orchestration, io, repair (env " + EnvVars.SELFHEAL_QUEUES
          + ", default: ${DEFAULT-VALUE}).")
  String queues;

  @Option(names = "--health-port", defaultValue = "${env:" + EnvVars.SELFHEAL_HEALTH_PORT + ":-0}",
      description = "Serve GET /health on this port; 0 = off (env " + EnvVars.SELFHEAL_HEALTH_PORT + ").")
  int healthPort;

  @Option(names = "--no-loops", description = "Do not start or update the catalog's log watchers and supervisors (another worker does).")
  boolean noLoops;

  @Option(names = "--playbooks", defaultValue = "${env:" + EnvVars.SELFHEAL_PLAYBOOKS + "}",
      description = "Folder of the team's playbook files (*.yaml), checked before the built-in known fixes (env "
          + EnvVars.SELFHEAL_PLAYBOOKS + ").")
  Path playbooks;

  @Option(names = "--faults", defaultValue = "${env:" + EnvVars.SELFHEAL_FAULTS + "}",
      description = "Test/chaos tool, off by default: drop activity completions after their side effect, comma-separated "
          + "halt-after:<ActivityType> (the JVM halts at once, like SIGKILL) or fail-after:<ActivityType> (the type's "
          + "first attempt in this process fails and is retried), e.g. fail-after:OpenReview,halt-after:Merge (env "
          + EnvVars.SELFHEAL_FAULTS + ").")
  String faults;

  @Override
  public Integer call() throws Exception {
    if (catalog == null) {
      System.err.println("selfheal worker: no services catalog; pass --catalog FILE or set " + EnvVars.SELFHEAL_CATALOG);
      return 2;
    }
    FaultPlan faultPlan;
    try {
      faultPlan = FaultPlan.parse(faults, ActivityTypes.known());
    } catch (IllegalArgumentException e) {
      System.err.println("selfheal worker: --faults: " + e.getMessage());
      return 2;
    }
    Set<Capability> capabilities;
    try {
      capabilities = Capability.parseList(queues);
    } catch (IllegalArgumentException e) {
      System.err.println("selfheal worker: --queues: " + e.getMessage());
      return 2;
    }
    ServiceCatalog services = ServiceCatalog.load(catalog);
    Playbook playbook = playbooks == null ? Playbook.builtIn() : Playbook.withDirectory(playbooks);
    Optional<LlmConfig> llm = LlmConfig.fromEnvironment(System.getenv());
    Optional<LlmProvider> provider = llm.map(LlmProvider::create);
    Diagnoser diagnoser = llm
        .map(c -> {
          log.info("diagnosis asks an LLM for advice api={} model={} url={}", c.api(), c.model(), c.baseUrl());
          return new Diagnoser(new CausalAnalyzer(), playbook, new LlmAdvisor(provider.get(), c.maxTokens()), c.tokenBudget());
        })
        .orElseGet(() -> new Diagnoser(new CausalAnalyzer(), playbook));
    // the same model writes edits when no recipe fits; each fix gets its own token budget
    LlmEditor editor = llm.map(c -> {
      log.info("fixes without a recipe ask an LLM for edits api={} model={}", c.api(), c.model());
      return new LlmEditor(provider.get(), c.maxTokens(), c.tokenBudget());
    }).orElse(null);
    String host = hostId == null || hostId.isBlank() ? HostNames.local() : hostId;
    String identity = "selfheal-worker@" + host + "/" + ProcessHandle.current().pid();
    TemporalConnection temporal = connection.connect(identity);
    try {
      SearchAttributeSetup.ensure(temporal.stubs(), temporal.namespace());
    } catch (StatusRuntimeException e) {
      // hosted clusters keep the operator API from workers; the admin job or a human registers them
      log.warn("could not check or register search attributes namespace={} status={}; register {} as Keyword before starting incidents",
          temporal.namespace(), e.getStatus(), IncidentSearchAttributes.ALL.stream().map(k -> k.getName()).toList());
    }
    SelfhealWorker worker =
        SelfhealWorker.create(temporal.client(), services, new Workspace(workspace.toAbsolutePath()), host, capabilities, diagnoser,
            editor, connection.webUi(), faultPlan)
            .start();
    if (!noLoops && worker.capabilities().contains(Capability.ORCHESTRATION)) {
      ServiceLoopsStarter.ensure(temporal.client(), services);
    }
    WorkerHealthServer health = healthPort > 0 ? WorkerHealthServer.start(healthPort, worker, host) : null;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("worker stopping identity={}", identity);
      worker.close(Duration.ofSeconds(10));
      if (health != null) {
        health.close();
      }
      temporal.close();
      stopped.countDown();
    }, "selfheal-worker-shutdown"));
    // one line on stdout that scripts and tests wait for
    System.out.println("worker ready identity=" + identity + " queues=" + String.join(",", worker.taskQueues())
        + (health == null ? "" : " health=http://localhost:" + health.port() + "/health"));
    System.out.flush();
    stopped.await();
    return 0;
  }
}
