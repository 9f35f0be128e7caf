package dev.selfheal.starter.dev;

import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.diagnosis.Diagnoser;
import dev.selfheal.starter.SelfhealHome;
import dev.selfheal.starter.connect.ConnectionOptions;
import dev.selfheal.starter.connect.SearchAttributeSetup;
import dev.selfheal.starter.connect.TemporalConnection;
import dev.selfheal.starter.demo.ExampleLocator;
import dev.selfheal.starter.demo.ExampleSandbox;
import dev.selfheal.worker.SelfhealWorker;
import dev.selfheal.worker.faults.FaultPlan;
import dev.selfheal.worker.ServiceLoopsStarter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code selfheal dev}: a durable single machine. Starts the Temporal CLI dev server (state in
 * {@code .selfheal/temporal.db}, Web UI on 8233) unless a frontend already answers, registers
 * the search attributes, and runs a worker, by default for the example service deployed in
 * {@code .selfheal/example/}.
 */
@Command(name = "dev", mixinStandardHelpOptions = true, description = "Local dev: Temporal dev server (SQLite, Web UI :8233) + a worker.")
public final class DevCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;

  @Option(names = "--ui-port", defaultValue = "8233", description = "Web UI port of a dev server started here (default: ${DEFAULT-VALUE}).")
  int uiPort;

  @Option(names = "--db", description = "SQLite file of a dev server started here (default: .selfheal/temporal.db).")
  Path dbFile;

  @Option(names = "--catalog", description = "Services catalog; without it the example report service is set up and deployed.")
  Path catalog;

  @Option(names = "--workspace", description = "Worker workspace (default: .selfheal/work, or the example's own).")
  Path workspace;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    Path home = SelfhealHome.path();
    Path state = TemporalCli.home(home);
    DevServer server = null;
    if (!TemporalConnection.reachable(connection.address())) {
      int port = localPort(connection.address());
      Path cli = TemporalCli.install(home);
      Path db = dbFile != null ? dbFile : state.resolve("temporal.db");
      out.println("starting   Temporal dev server on " + connection.address() + " (state " + db + ")");
      List<String> namespaces = "default".equals(connection.namespace()) ? List.of() : List.of(connection.namespace());
      server = DevServer.start(cli, db, state.resolve("temporal-dev.log"), port, uiPort, namespaces);
      out.println("web ui     " + server.webUi());
    } else {
      out.println("using      the Temporal frontend already at " + connection.address());
    }
    TemporalConnection temporal = connection.connect("selfheal-dev@" + ProcessHandle.current().pid());
    List<String> added = SearchAttributeSetup.ensure(temporal.stubs(), temporal.namespace());
    out.println("search attributes " + (added.isEmpty() ? "already registered" : "registered " + added));

    ExampleSandbox example = null;
    ServiceCatalog services;
    Path work;
    if (catalog != null) {
      services = ServiceCatalog.load(catalog);
      work = workspace != null ? workspace : state.resolve("work");
    } else {
      // a fresh example each run, with its own workspace: nothing left from an earlier run's origin
      example = startExample(state);
      services = ServiceCatalog.load(example.writeCatalog(example.root().resolve("services.yaml")));
      work = workspace != null ? workspace : example.root().resolve("work");
    }
    String webUi = server != null ? server.webUi() : connection.webUi();
    SelfhealWorker worker = SelfhealWorker.create(temporal.client(), services, new Workspace(work), "dev",
        EnumSet.noneOf(dev.selfheal.worker.Capability.class), new Diagnoser(), null, webUi, FaultPlan.none()).start();
    out.println("worker     polling " + worker.taskQueues());
    ServiceLoopsStarter.ensure(temporal.client(), services);
    out.println("loops      a log watcher and a supervisor per service (logwatch-<service>, supervisor-<service>)");
    if (example != null) {
      printTryIt(example);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    DevServer startedServer = server;
    ExampleSandbox startedExample = example;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      worker.close(Duration.ofSeconds(5));
      temporal.close();
      if (startedExample != null) {
        startedExample.close();
      }
      if (startedServer != null) {
        startedServer.stop();
      }
      stopped.countDown();
    }, "selfheal-dev-shutdown"));
    out.println("running    Ctrl-C stops the worker" + (server == null ? "" : " and the dev server (state stays in its SQLite file)"));
    stopped.await();
    return 0;
  }

  private ExampleSandbox startExample(Path state) throws IOException, InterruptedException {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path root = state.resolve("example").resolve(stamp);
    ExampleSandbox example = ExampleSandbox.create(ExampleLocator.example(ExampleSandbox.SERVICE), root);
    example.deployInitialVersion(new Workspace(root.resolve("bootstrap")));
    out.println("example    report-service deployed from " + example.origin() + ", healthy on " + example.spec().health().url());
    return example;
  }

  private void printTryIt(ExampleSandbox example) {
    out.println();
    out.println("try it:");
    out.println("  1. break it:   rm " + example.volatileDir().resolve("report-template.html"));
    out.println("  2. raise it:   ./selfheal start --service report-service --fingerprint report-jobs-failing \\");
    out.println("                   --title 'report jobs failing' --severity critical --verify-interval PT2S");
    out.println("  3. watch it:   ./selfheal status incident-report-service-report-jobs-failing   (or the Web UI)");
    out.println("  4. approve it: ./selfheal approve incident-report-service-report-jobs-failing --diff-sha256 <sha from status>");
    out.println("     or:         temporal workflow update execute --workflow-id incident-report-service-report-jobs-failing \\");
    out.println("                   --name approve --input '{\"diffSha256\":\"<sha>\",\"approver\":\"you\"}'");
    out.println();
  }

  private static int localPort(String address) {
    int colon = address.lastIndexOf(':');
    String host = colon < 0 ? address : address.substring(0, colon);
    if (!(host.equals("localhost") || host.equals("127.0.0.1"))) {
      throw new IllegalArgumentException("no Temporal frontend answers at " + address
          + "; a dev server can only be started here on localhost");
    }
    return colon < 0 ? 7233 : Integer.parseInt(address.substring(colon + 1));
  }
}
