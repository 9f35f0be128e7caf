package dev.selfheal.activities.deploy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.activities.Failures;
import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.config.ServiceSpec;
import dev.selfheal.activities.git.AtomicFiles;
import dev.selfheal.activities.git.Clones;
import dev.selfheal.activities.git.GitOrigin;
import dev.selfheal.activities.git.GitStepException;
import dev.selfheal.activities.git.HeartbeatMonitor;
import dev.selfheal.activities.Heartbeats;
import dev.selfheal.activities.git.RequestChecks;
import dev.selfheal.workflows.Errors;
import dev.selfheal.workflows.activities.DeployActivities;
import dev.selfheal.workflows.messages.requests.DeployRequest;
import dev.selfheal.workflows.messages.values.DeployResult;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RefSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one commit into production: check the commit out (detached) in the service's deploy
 * directory and run its deploy command there. The commit is the idempotency key: a deploy is
 * recorded in {@code <deployDir>/.git/selfheal-deploys.jsonl} when it starts and again when it
 * succeeded, and a retry that finds its own success (with the checkout still at that commit) runs
 * nothing; one that finds only a start knows a worker died mid-deploy and says so.
 */
public final class DeployActivitiesImpl implements DeployActivities {
  private static final Logger log = LoggerFactory.getLogger(DeployActivitiesImpl.class);
  public static final String RECORD_FILE = "selfheal-deploys.jsonl";
  private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
  // well inside the release options' 30s heartbeat timeout; the SDK throttles what it sends
  private static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(2);
  private static final int TAIL_LINES = 20;
  private static final int TAIL_BYTES = 16 * 1024;

  private final ServiceCatalog catalog;
  private final Workspace workspace;
  private final Duration timeout;
  private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  // one deploy per deploy directory at a time within this worker; the FileLock covers other processes
  private final Object lock = new Object();

  public DeployActivitiesImpl(ServiceCatalog catalog, Workspace workspace) {
    this(catalog, workspace, DEFAULT_TIMEOUT);
  }

  /** @param timeout how long the deploy command may run before it is killed and the deploy fails */
  public DeployActivitiesImpl(ServiceCatalog catalog, Workspace workspace, Duration timeout) {
    this.catalog = catalog;
    this.workspace = workspace;
    this.timeout = timeout;
  }

  @Override
  public DeployResult deploy(DeployRequest request) {
    ServiceSpec spec = catalog.require(request.service());
    String incidentId = request.incidentId();
    RequestChecks.requireIncident(incidentId, request.service(), Errors.INVALID_REQUEST);
    RequestChecks.requireCommit(request.commit(), "commit", Errors.DEPLOY_FAILED);
    String commit = request.commit();
    String deployId = "deploy-" + commit.substring(0, 10);
    Path dir = Path.of(spec.deployDir()).toAbsolutePath().normalize();
    try {
      ensureCheckout(spec, dir);
      synchronized (lock) {
        try (FileChannel channel =
                FileChannel.open(dir.resolve(Constants.DOT_GIT).resolve("selfheal-deploy.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock held = channel.lock();
            Git git = Git.open(dir.toFile())) {
          Repository repo = git.getRepository();
          Path records = repo.getDirectory().toPath().resolve(RECORD_FILE);
          Optional<DeployRecord> last = lastRecord(records);
          ObjectId head = repo.resolve(Constants.HEAD);
          if (last.isPresent() && last.get().commit().equals(commit) && last.get().exitCode() == 0
              && head != null && head.name().equals(commit)) {
            log.info("already deployed incident={} service={} commit={} deployId={}", incidentId, spec.name(), commit, last.get().deployId());
            return new DeployResult(commit, last.get().deployId(), true);
          }

          if (last.isPresent() && last.get().commit().equals(commit) && last.get().exitCode() == DeployRecord.STARTED) {
            // a worker died while this deploy ran: its outcome is unknown, so it runs again (deploy
            // commands must be re-runnable); the record shows both runs
            log.warn("previous deploy was interrupted incident={} service={} commit={} startedAt={}; running it again",
                incidentId, spec.name(), commit, last.get().startedAt());
          }
          checkout(git, spec, commit);
          Path logFile = workspace.incidentDir(incidentId).resolve(deployId + ".log");
          Instant startedAt = Instant.now();
          append(records, new DeployRecord(deployId, commit, incidentId, request.reason(), startedAt.toString(), null, DeployRecord.STARTED));
          int exit = run(spec, dir, request, logFile, deployId);
          Instant finishedAt = Instant.now();
          if (exit != 0) {
            throw Failures.nonRetryable(
                Errors.DEPLOY_FAILED,
                "deploy command `" + spec.deployCommand() + "` for " + commit + " exited with " + exit
                    + " (log " + logFile + "); last lines:\n" + tail(logFile));
          }
          append(records, new DeployRecord(deployId, commit, incidentId, request.reason(), startedAt.toString(), finishedAt.toString(), 0));
          log.info("deployed incident={} service={} commit={} deployId={} seconds={}",
              incidentId, spec.name(), commit, deployId, Duration.between(startedAt, finishedAt).toSeconds());
          return new DeployResult(commit, deployId, false);
        }
      }
    } catch (IOException | GitAPIException e) {
      throw new GitStepException("deploy incident=" + incidentId + " commit=" + commit + ": " + e.getMessage(), e);
    }
  }

  /**
   * Makes {@code dir} a clone of origin if it is not a checkout yet. The clone is made beside it
   * and renamed into place, so a crash never leaves a half clone where the service runs from.
   */
  private void ensureCheckout(ServiceSpec spec, Path dir) throws IOException, GitAPIException {
    if (Files.isDirectory(dir.resolve(Constants.DOT_GIT))) {
      try (Git ignored = Git.open(dir.toFile())) {
        return;
      } catch (RepositoryNotFoundException e) {
        throw Failures.nonRetryable(
            Errors.CONFIG_INVALID, "deployDir " + dir + " of " + spec.name() + " has a .git that is not a repository");
      }
    }
    if (Files.isDirectory(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw Failures.nonRetryable(
              Errors.CONFIG_INVALID,
              "deployDir " + dir + " of " + spec.name() + " is not a git checkout and not empty; refusing to deploy over it");
        }
      }
    } else if (Files.exists(dir)) {
      throw Failures.nonRetryable(Errors.CONFIG_INVALID, "deployDir " + dir + " of " + spec.name() + " is not a directory");
    }
    Path parent = Files.createDirectories(dir.getParent());
    Path temp = parent.resolve("." + dir.getFileName() + ".selfheal-clone-" + UUID.randomUUID());
    try {
      Clones.cloneNoCheckout(temp, GitOrigin.uri(spec), false, "clone").close();
      Files.deleteIfExists(dir); // an empty directory only, checked above
      try {
        Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, dir);
      }
      log.info("deploy checkout cloned service={} dir={} origin={}", spec.name(), dir, spec.origin());
    } finally {
      AtomicFiles.deleteTree(temp);
    }
  }

  /** Fetch, then HEAD detached at {@code commit}, tree reset to it, untracked files removed. */
  private void checkout(Git git, ServiceSpec spec, String commit) throws IOException, GitAPIException {
    Repository repo = git.getRepository();
    git.fetch()
        .setRemote(GitOrigin.uri(spec))
        .setRefSpecs(new RefSpec("+refs/heads/*:refs/remotes/origin/*"))
        .setProgressMonitor(new HeartbeatMonitor("fetch"))
        .call();
    ObjectId id = ObjectId.fromString(commit);
    if (!repo.getObjectDatabase().has(id)) {
      throw Failures.nonRetryable(Errors.DEPLOY_FAILED, "commit " + commit + " is not on origin " + spec.origin());
    }
    RefUpdate head = repo.updateRef(Constants.HEAD, true);
    head.setNewObjectId(id);
    head.setForceUpdate(true);
    RefUpdate.Result result = head.update();
    if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED && result != RefUpdate.Result.NO_CHANGE) {
      throw new IOException("could not detach HEAD at " + commit + ": " + result);
    }
    git.reset().setMode(ResetCommand.ResetType.HARD).call();
    // ignored files (build output, local caches) may stay; anything else untracked goes
    git.clean().setCleanDirectories(true).setIgnore(true).call();
  }

  /**
   * Runs the deploy command with its output going straight to the log file: a service it starts
   * in the background inherits that file, not a pipe of ours, so it neither keeps this activity
   * waiting nor dies when the activity returns.
   */
  private int run(ServiceSpec spec, Path dir, DeployRequest request, Path logFile, String deployId) throws IOException {
    Files.writeString(logFile,
        "=== " + deployId + " commit=" + request.commit() + " incident=" + request.incidentId() + " at " + Instant.now()
            + " command: " + spec.deployCommand() + "\n",
        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", spec.deployCommand()).directory(dir.toFile());
    Map<String, String> env = builder.environment();
    if (spec.env() != null) {
      env.putAll(spec.env());
    }
    env.put("SELFHEAL_COMMIT", request.commit());
    env.put("SELFHEAL_INCIDENT", request.incidentId());
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    long started = System.nanoTime();
    Process process = builder.start();
    log.info("deploy started service={} commit={} pid={} log={}", spec.name(), request.commit(), process.pid(), logFile);
    try {
      while (true) {
        Duration running = Duration.ofNanos(System.nanoTime() - started);
        Duration left = timeout.minus(running);
        long waitMillis = Math.max(1, Math.min(HEARTBEAT_INTERVAL.toMillis(), left.toMillis()));
        if (process.waitFor(waitMillis, TimeUnit.MILLISECONDS)) {
          return process.exitValue();
        }
        running = Duration.ofNanos(System.nanoTime() - started);
        if (running.compareTo(timeout) >= 0) {
          kill(process);
          Files.writeString(logFile, "=== killed after " + timeout + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
          throw Failures.nonRetryable(
              Errors.DEPLOY_FAILED,
              "deploy command `" + spec.deployCommand() + "` for " + request.commit() + " did not finish within "
                  + timeout.toSeconds() + "s and was killed (log " + logFile + "); last lines:\n" + tail(logFile));
        }
        // a cancelled or timed-out activity throws here; the command must not outlive it
        Heartbeats.beat(deployId + " running " + running.toSeconds() + "s");
      }
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new GitStepException("deploy interrupted: " + deployId, e);
    } catch (RuntimeException e) {
      if (process.isAlive()) {
        kill(process);
      }
      throw e;
    }
  }

  /** Ends a deploy command that is still running, with whatever it started and still waits for. */
  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private Optional<DeployRecord> lastRecord(Path records) throws IOException {
    if (!Files.exists(records)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(records, StandardCharsets.UTF_8);
    for (int i = lines.size() - 1; i >= 0; i--) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) {
        continue;
      }
      try {
        return Optional.of(json.readValue(line, DeployRecord.class));
      } catch (JacksonException e) {
        // a line cut short by a crash mid-append; the one before it is the last complete deploy
        log.warn("deploy record unreadable, skipping path={} line={}", records, i + 1);
      }
    }
    return Optional.empty();
  }

  private void append(Path records, DeployRecord record) throws IOException {
    byte[] line = (json.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel out = FileChannel.open(records, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      // a torn last line from an earlier crash would swallow this record into it
      if (out.size() > 0 && !endsWithNewline(records)) {
        out.write(java.nio.ByteBuffer.wrap("\n".getBytes(StandardCharsets.UTF_8)));
      }
      out.write(java.nio.ByteBuffer.wrap(line));
      out.force(true);
    }
  }

  private static boolean endsWithNewline(Path file) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      if (raf.length() == 0) {
        return true;
      }
      raf.seek(raf.length() - 1);
      return raf.read() == '\n';
    }
  }

  /** The last lines of the log, for the failure message (the full log stays in the file). */
  static String tail(Path file) throws IOException {
    if (!Files.exists(file)) {
      return "";
    }
    byte[] bytes;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long from = Math.max(0, raf.length() - TAIL_BYTES);
      raf.seek(from);
      bytes = new byte[(int) (raf.length() - from)];
      raf.readFully(bytes);
    }
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\\R");
    return String.join("\n", Arrays.asList(lines).subList(Math.max(0, lines.length - TAIL_LINES), lines.length));
  }
}
