package dev.selfheal.starter.bench;

import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.config.ServiceLoops;
import dev.selfheal.activities.config.ServiceSpec;
import dev.selfheal.activities.supervise.FlapEscalationActivitiesImpl;
import dev.selfheal.activities.supervise.HealthProbeActivitiesImpl;
import dev.selfheal.activities.supervise.RestartActivitiesImpl;
import dev.selfheal.starter.Polling;
import dev.selfheal.starter.demo.ExampleLocator;
import dev.selfheal.starter.demo.ExampleSandbox;
import dev.selfheal.workflows.SupervisorClient;
import dev.selfheal.workflows.SupervisorWorkflow;
import dev.selfheal.workflows.SupervisorWorkflowImpl;
import dev.selfheal.workflows.TaskQueues;
import dev.selfheal.workflows.messages.commands.PauseRequest;
import dev.selfheal.workflows.messages.commands.ResumeRequest;
import dev.selfheal.workflows.messages.commands.SupervisionRequest;
import dev.selfheal.workflows.messages.queries.SupervisorState;
import dev.selfheal.workflows.messages.values.HealthCheck;
import dev.selfheal.workflows.messages.values.RestartRecord;
import dev.selfheal.workflows.messages.values.ServiceCommand;
import dev.selfheal.workflows.messages.values.SupervisionPolicy;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Restart latency of the supervisor on the example service, a real JVM: SIGKILL it, and time
 * from the kill until its health endpoint answers 200 again, minus the backoff the supervisor
 * chose to wait (policy, not overhead). The baseline, in the same run on the same service: the
 * same kill followed at once by the same restart command run directly (no detection, no
 * Temporal). The ratio is what supervising costs over restarting by hand the instant it died.
 */
@Command(name = "supervisor", mixinStandardHelpOptions = true,
    description = "Crash-to-healthy latency of SupervisorWorkflow vs. restarting directly.")
public final class SupervisorBench implements Callable<Integer> {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Duration POLL = Duration.ofMillis(20);

  @Option(names = "-n", defaultValue = "5", description = "Crashes of each kind (default: ${DEFAULT-VALUE}).")
  int crashes;

  @Option(names = "--probe-interval", defaultValue = "1", description = "Seconds between the supervisor's probes (default: ${DEFAULT-VALUE}).")
  long probeIntervalSeconds;

  @Option(names = "--server", defaultValue = "embedded", description = "embedded (in-process test server) or dev (Temporal CLI dev server, SQLite) (default: ${DEFAULT-VALUE}).")
  String server;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

  @Override
  public Integer call() throws Exception {
    if (crashes < 1 || probeIntervalSeconds < 1) {
      System.err.println("-n and --probe-interval must be at least 1");
      return 2;
    }
    Path root = Files.createTempDirectory("selfheal-bench-supervisor-");
    try (ExampleSandbox sandbox = ExampleSandbox.create(ExampleLocator.example(ExampleSandbox.SERVICE), root.resolve("sandbox"));
        BenchServer temporal = BenchServer.of(server)) {
      sandbox.deployInitialVersion(new Workspace(root.resolve("bootstrap")));
      ServiceSpec spec = sandbox.spec();
      System.err.printf("bench supervisor: %s healthy at %s%n", ExampleSandbox.SERVICE, spec.health().url());

      List<Long> baseline = new ArrayList<>();
      List<Long> supervised = new ArrayList<>();
      superviseAndCrash(temporal, spec, root.resolve("work"), baseline, supervised);
      long p50 = median(supervised);
      long max = Collections.max(supervised);
      long base = median(baseline);
      System.out.printf("supervisor restarts=%d p50_ms=%d p_max_ms=%d baseline_ms=%d ratio=%.2f%n",
          supervised.size(), p50, max, base, (double) p50 / base);
      return supervised.size() == crashes ? 0 : 1;
    }
  }

  /**
   * Interleaved so machine noise (and a warming file cache) hits both alike: the supervisor is
   * paused for each direct restart and resumed for each supervised one.
   */
  private void superviseAndCrash(BenchServer temporal, ServiceSpec spec, Path work, List<Long> baseline, List<Long> latencies)
      throws Exception {
    WorkerFactory factory = WorkerFactory.newInstance(temporal.client());
    factory.newWorker(TaskQueues.ORCHESTRATION).registerWorkflowImplementationTypes(SupervisorWorkflowImpl.class);
    Workspace workspace = new Workspace(work);
    factory.newWorker(TaskQueues.IO).registerActivitiesImplementations(
        new HealthProbeActivitiesImpl(workspace), new RestartActivitiesImpl(workspace), new FlapEscalationActivitiesImpl());
    factory.start();
    SupervisorClient supervisors = new SupervisorClient(temporal.client());
    // backoff back to its 1 s after 2 s healthy, and no flapping: every crash is one measured restart
    SupervisionPolicy policy = new SupervisionPolicy(probeIntervalSeconds, 1, 0, 2, 1000, 0, 0, 0);
    SupervisionRequest fromCatalog = ServiceLoops.supervision(spec).orElseThrow();
    supervisors.ensureRunning(new SupervisionRequest(fromCatalog.service(), HealthCheck.http(spec.health().url()),
        fromCatalog.restart(), policy, fromCatalog.logFiles(), null));
    SupervisorWorkflow supervisor = supervisors.supervisor(ExampleSandbox.SERVICE);
    try {
      for (int i = 0; i < crashes; i++) {
        supervisor.pause(new PauseRequest("bench", "direct restart"));
        await(() -> supervisor.state().paused(), "supervisor paused");
        baseline.add(restartDirectly(spec, i));
        supervisor.resume(new ResumeRequest("bench", "supervised restart"));
        long before = i;
        await(() -> {
          SupervisorState s = supervisor.state();
          return s.healthy() && s.restarts() == before && s.backoffSeconds() == 1;
        }, "supervisor sees the service healthy with its backoff reset");
        long killedAt = kill(spec);
        awaitHealthy(spec, "supervised restart " + (i + 1));
        long healthyAt = System.currentTimeMillis();
        await(() -> supervisor.state().restarts() == before + 1, "restart recorded");
        List<RestartRecord> restarts = supervisor.state().recentRestarts();
        RestartRecord restart = restarts.get(restarts.size() - 1);
        long latency = healthyAt - killedAt - restart.backoffSeconds() * 1000;
        latencies.add(latency);
        System.err.printf("bench supervisor: supervised restart %d/%d healthy after %d ms (%d ms minus %d s backoff), command took %d ms%n",
            i + 1, crashes, healthyAt - killedAt, latency, restart.backoffSeconds(), restart.durationMillis());
      }
    } finally {
      temporal.client().newUntypedWorkflowStub(SupervisorWorkflow.workflowId(ExampleSandbox.SERVICE)).terminate("bench over");
      factory.shutdown();
      factory.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  /** The floor: kill, then at once the same restart command, no detection and no Temporal. */
  private long restartDirectly(ServiceSpec spec, int i) throws Exception {
    long killedAt = kill(spec);
    ProcessBuilder direct = new ProcessBuilder("bash", "-c", spec.restart().command()).directory(Path.of(spec.restart().dir()).toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    direct.environment().putAll(spec.env());
    Process restart = direct.start();
    awaitHealthy(spec, "direct restart " + (i + 1));
    long took = System.currentTimeMillis() - killedAt;
    if (!restart.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      restart.destroyForcibly();
      throw new IllegalStateException("the direct restart did not finish within " + WAIT);
    }
    System.err.printf("bench supervisor: direct restart %d/%d healthy after %d ms%n", i + 1, crashes, took);
    return took;
  }

  /** SIGKILL the service's JVM (the pid its deploy wrote); returns when it is gone. */
  private static long kill(ServiceSpec spec) throws IOException {
    Path pidFile = Path.of(spec.env().get("RUN_DIR")).resolve(ExampleSandbox.SERVICE + ".pid");
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("service pid " + pid + " is not running"));
    long killedAt = System.currentTimeMillis();
    process.destroyForcibly();
    process.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    return killedAt;
  }

  private void awaitHealthy(ServiceSpec spec, String what) throws IOException, InterruptedException {
    HttpRequest probe = HttpRequest.newBuilder(URI.create(spec.health().url())).timeout(Duration.ofMillis(500)).build();
    await(() -> {
      try {
        return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException down) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }, what);
  }

  private static void await(Polling.Check condition, String what) throws IOException, InterruptedException {
    if (!Polling.until(WAIT, POLL, condition)) {
      throw new IllegalStateException("timed out waiting for " + what);
    }
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get((sorted.size() - 1) / 2);
  }
}
