package dev.selfheal.starter.demo;

import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.config.Autonomy;
import dev.selfheal.activities.config.HealthCheck;
import dev.selfheal.activities.config.LogFormat;
import dev.selfheal.activities.config.LogSource;
import dev.selfheal.activities.config.RestartSpec;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.config.ServiceSpec;
import dev.selfheal.activities.config.Thresholds;
import dev.selfheal.activities.deploy.DeployActivitiesImpl;
import dev.selfheal.starter.Polling;
import dev.selfheal.starter.dev.ScratchDevServer;
import dev.selfheal.workflows.messages.requests.DeployRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A fresh copy of the example report service in a temp folder, set up the way a team would run
 * it: a bare git origin, a production checkout the service runs from, a run folder for its
 * logs, and a volatile folder under /tmp where its deploy script drops the template.
 */
public final class ExampleSandbox implements AutoCloseable {
  public static final String SERVICE = "report-service";

  private final Path root;
  private final Path origin;
  private final Path deployDir;
  private final Path runDir;
  private final Path volatileDir;
  private final int port;
  private static final Duration POLL = Duration.ofMillis(100);

  private String testCommand = "bash test.sh";

  private ExampleSandbox(Path root, Path volatileDir, int port) {
    this.root = root;
    this.origin = root.resolve("origin").resolve(SERVICE + ".git");
    this.deployDir = root.resolve("prod").resolve(SERVICE);
    this.runDir = root.resolve("run");
    this.volatileDir = volatileDir;
    this.port = port;
  }

  /** Copies the example into a new temp folder and makes its origin repository. */
  public static ExampleSandbox create(Path exampleSource) throws IOException {
    return create(exampleSource, Files.createTempDirectory("selfheal-demo-"));
  }

  /** As {@link #create(Path)}, in {@code root} (which must not exist yet or be empty). */
  public static ExampleSandbox create(Path exampleSource, Path root) throws IOException {
    if (!Files.isRegularFile(exampleSource.resolve("deploy.sh"))) {
      throw new IOException("example service not found at " + exampleSource + " (set SELFHEAL_HOME to the selfheal checkout)");
    }
    Files.createDirectories(root);
    try (Stream<Path> existing = Files.list(root)) {
      if (existing.findAny().isPresent()) {
        throw new IOException("sandbox folder " + root + " is not empty");
      }
    }
    // the incident needs the template where the OS cleans up: under /tmp, wherever the sandbox is
    Path volatileDir = Files.createTempDirectory(Path.of("/tmp"), "selfheal-volatile-");
    ExampleSandbox sandbox = new ExampleSandbox(root.toAbsolutePath(), volatileDir, ScratchDevServer.freePort());
    sandbox.createOrigin(exampleSource);
    Files.createDirectories(sandbox.runDir);
    return sandbox;
  }

  private void createOrigin(Path exampleSource) throws IOException {
    Path seed = root.resolve("seed");
    copyTree(exampleSource, seed);
    PersonIdent team = new PersonIdent("Report Team", "reports@example.com");
    try (Git git = Git.init().setDirectory(seed.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("report-service 1.0.0").setAuthor(team).setCommitter(team).call();
    } catch (GitAPIException e) {
      throw new IOException("cannot create the example's repository: " + e.getMessage(), e);
    }
    try (Git ignored =
        Git.cloneRepository().setBare(true).setURI(seed.toUri().toString()).setDirectory(origin.toFile()).call()) {
      // bare origin made; the seed stays as the team's own clone
    } catch (GitAPIException e) {
      throw new IOException("cannot create the example's origin: " + e.getMessage(), e);
    }
  }

  /** The catalog entry selfheal uses for this service. */
  public ServiceSpec spec() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PORT", Integer.toString(port));
    env.put("RUN_DIR", runDir.toString());
    env.put("REPORT_TMP_DIR", volatileDir.toString());
    env.put("JOB_INTERVAL_MS", "500");
    String base = "http://127.0.0.1:" + port;
    return new ServiceSpec(
        SERVICE,
        origin.toString(),
        "main",
        testCommand,
        deployDir.toString(),
        "bash deploy.sh",
        new RestartSpec("bash restart.sh", deployDir.toString()),
        env,
        HealthCheck.ofUrl(base + "/health"),
        base + "/jobs/run",
        List.of(new LogSource(runDir.resolve("logs").resolve(SERVICE + ".jsonl").toString(), LogFormat.JSONL)),
        List.of(),
        Autonomy.SUGGEST,
        Thresholds.DEFAULT);
  }

  /** Runs the service's tests with another command line (e.g. a slower suite in tests). */
  public ExampleSandbox useTestCommand(String command) {
    this.testCommand = command;
    return this;
  }

  /** The catalog for a worker in another process: this service, as YAML. */
  public Path writeCatalog(Path file) throws IOException {
    ServiceSpec spec = spec();
    StringBuilder yaml = new StringBuilder("# written by selfheal for the example sandbox in " + root + "\nservices:\n");
    yaml.append("  ").append(SERVICE).append(":\n");
    yaml.append("    origin: ").append(quote(spec.origin())).append('\n');
    yaml.append("    defaultBranch: ").append(quote(spec.defaultBranch())).append('\n');
    yaml.append("    testCommand: ").append(quote(spec.testCommand())).append('\n');
    yaml.append("    deploy: {dir: ").append(quote(spec.deployDir())).append(", command: ").append(quote(spec.deployCommand())).append("}\n");
    yaml.append("    restart: {command: ").append(quote(spec.restart().command())).append(", dir: ")
        .append(quote(spec.restart().dir())).append("}\n");
    yaml.append("    env:\n");
    spec.env().forEach((k, v) -> yaml.append("      ").append(k).append(": ").append(quote(v)).append('\n'));
    yaml.append("    health: ").append(quote(spec.health().url())).append('\n');
    yaml.append("    verifyJob: ").append(quote(spec.verifyJobUrl())).append('\n');
    yaml.append("    logs:\n");
    spec.logs().forEach(l -> yaml.append("      - {path: ").append(quote(l.path())).append(", format: ")
        .append(l.format().name().toLowerCase(Locale.ROOT)).append("}\n"));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, yaml);
    return file;
  }

  private static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /**
   * Production as it was before the incident: version 1.0.0 deployed and healthy.
   *
   * @throws IOException when the service does not come up
   */
  public void deployInitialVersion(Workspace workspace) throws IOException, InterruptedException {
    ServiceCatalog catalog = new ServiceCatalog(Map.of(SERVICE, spec()));
    new DeployActivitiesImpl(catalog, workspace)
        .deploy(new DeployRequest("incident-report-service-initial-deploy", SERVICE, originHead(), "initial deploy"));
    if (!awaitHealth(200, Duration.ofSeconds(30))) {
      throw new IOException("the example service did not become healthy; see " + runDir.resolve("logs"));
    }
  }

  /**
   * The incident: the tmp cleaner removes the template, and this waits until the failure is
   * sustained (503 and five failed jobs in the log), as an alert rule would.
   */
  public void breakService() throws IOException, InterruptedException {
    deleteVolatileTemplate();
    if (!awaitHealth(503, Duration.ofSeconds(30)) || !awaitFailedJobs(5, Duration.ofSeconds(30))) {
      throw new IOException("the example service did not fail as expected; see " + runDir.resolve("logs"));
    }
  }

  /** The commit at the tip of origin's main branch. */
  public String originHead() throws IOException {
    try (Git git = Git.open(origin.toFile())) {
      return git.getRepository().resolve("refs/heads/main").name();
    }
  }

  /** What the OS tmp cleaner does: the template under the volatile folder disappears. */
  public void deleteVolatileTemplate() throws IOException {
    Files.deleteIfExists(volatileDir.resolve("report-template.html"));
  }

  /** Waits until the health endpoint answers with {@code expectedStatus}. */
  public boolean awaitHealth(int expectedStatus, Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest probe = HttpRequest.newBuilder(URI.create(spec().health().url())).timeout(Duration.ofSeconds(2)).build();
    try {
      return Polling.until(timeout, POLL, () -> {
        try {
          return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == expectedStatus;
        } catch (IOException notYet) {
          return false; // service not answering yet
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e); // the check itself never throws one
    }
  }

  /**
   * Waits until the service's log holds {@code count} failed jobs: an alert rule fires on a
   * sustained failure, not on the first one, and diagnosis wants more than one sample.
   */
  public boolean awaitFailedJobs(int count, Duration timeout) throws IOException, InterruptedException {
    Path log = Path.of(spec().logs().get(0).path());
    return Polling.until(timeout, POLL, () -> {
      if (!Files.exists(log)) {
        return false;
      }
      try (Stream<String> lines = Files.lines(log)) {
        return lines.filter(l -> l.contains("\"error_type\":\"java.io.FileNotFoundException\"")).count() >= count;
      }
    });
  }

  /** The folder under /tmp the deploy script drops the template into. */
  public Path volatileDir() {
    return volatileDir;
  }

  public Path root() {
    return root;
  }

  public Path origin() {
    return origin;
  }

  public Path deployDir() {
    return deployDir;
  }

  /** Stops the service process if a deploy started it, and removes its folder under /tmp. */
  @Override
  public void close() {
    try {
      stopService();
    } finally {
      deleteVolatileDir();
    }
  }

  private void stopService() {
    if (!Files.isRegularFile(deployDir.resolve("stop.sh"))) {
      return;
    }
    ProcessBuilder stop = new ProcessBuilder("bash", "stop.sh").directory(deployDir.toFile());
    stop.environment().put("RUN_DIR", runDir.toString());
    stop.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    try {
      Process process = stop.start();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Ours alone, under /tmp: nothing should be left there once the sandbox is gone. */
  private void deleteVolatileDir() {
    try (Stream<Path> paths = Files.walk(volatileDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // already gone, or the tmp cleaner got there first
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path relative = from.relativize(source);
        if (relative.startsWith("build") || relative.startsWith("target")) {
          continue;
        }
        Path target = to.resolve(relative.toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
