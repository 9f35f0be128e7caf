package dev.selfheal.activities.deploy;

import java.time.Instant;

import dev.selfheal.activities.logs.LogRecord;

import dev.selfheal.activities.logs.JsonlLogReader;

import dev.selfheal.activities.logs.DeployChanges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.git.GitFixtures;
import dev.selfheal.workflows.messages.requests.DeployRequest;
import dev.selfheal.workflows.messages.values.DeployResult;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployActivitiesImplTest {
  private static final String INCIDENT = "incident-report-service-fp3";

  @TempDir Path tmp;
  private Path origin;
  private Path deployDir;
  private Workspace workspace;
  private String commit;

  @BeforeEach
  void setUp() throws Exception {
    origin = GitFixtures.bareOrigin(tmp.resolve("origin.git"), Map.of(
        "app.txt", "v1\n", ".gitignore", "build/\n"));
    commit = GitFixtures.head(origin, "main");
    deployDir = tmp.resolve("srv").resolve("report-service");
    workspace = new Workspace(tmp.resolve("ws"));
  }

  @Test
  void deployingTwiceRunsTheCommandOnce() throws Exception {
    DeployActivitiesImpl deployer = deployer("echo $SELFHEAL_COMMIT >> deployed.txt", Map.of());

    DeployResult first = deployer.deploy(request(commit));
    DeployResult second = deployer.deploy(request(commit));

    assertThat(first).isEqualTo(new DeployResult(commit, "deploy-" + commit.substring(0, 10), false));
    assertThat(second).isEqualTo(new DeployResult(commit, first.deployId(), true));
    assertThat(Files.readAllLines(deployDir.resolve("deployed.txt"))).containsExactly(commit);
    List<String> records = Files.readAllLines(deployDir.resolve(".git").resolve("selfheal-deploys.jsonl"));
    assertThat(records).hasSize(2);
    JsonNode started = new ObjectMapper().readTree(records.get(0));
    assertThat(started.get("exitCode").asInt()).isEqualTo(DeployRecord.STARTED);
    assertThat(started.get("finishedAt").isNull()).isTrue();
    JsonNode record = new ObjectMapper().readTree(records.get(1));
    assertThat(record.get("deployId").asText()).isEqualTo(first.deployId());
    assertThat(record.get("commit").asText()).isEqualTo(commit);
    assertThat(record.get("incidentId").asText()).isEqualTo(INCIDENT);
    assertThat(record.get("reason").asText()).isEqualTo("fix " + INCIDENT);
    assertThat(record.get("exitCode").asInt()).isZero();
    assertThat(record.get("startedAt").asText()).isNotBlank();
    assertThat(workspace.incidentDir(INCIDENT).resolve(first.deployId() + ".log")).exists();
  }

  @Test
  void aNewCommitIsCheckedOutDetachedAndUntrackedFilesAreCleaned() throws Exception {
    DeployActivitiesImpl deployer = deployer("mkdir -p build && echo out > build/artifact && echo $SELFHEAL_COMMIT >> deployed.txt", Map.of());
    deployer.deploy(request(commit));
    Files.writeString(deployDir.resolve("app.txt"), "edited by hand\n");
    String next = GitFixtures.commit(origin, "main", Map.of("app.txt", "v2\n"), List.of(), "v2");

    DeployResult result = deployer.deploy(request(next));

    assertThat(result.alreadyDeployed()).isFalse();
    assertThat(deployDir.resolve("app.txt")).hasContent("v2");
    // deployed.txt of the previous deploy was untracked, so it went; build/ is ignored and stays
    assertThat(Files.readAllLines(deployDir.resolve("deployed.txt"))).containsExactly(next);
    assertThat(deployDir.resolve("build/artifact")).exists();
    try (Git git = Git.open(deployDir.toFile())) {
      assertThat(git.getRepository().getFullBranch()).isEqualTo(next); // detached
    }
    assertThat(Files.readAllLines(deployDir.resolve(".git/selfheal-deploys.jsonl"))).hasSize(4);
  }

  @Test
  void aDeployAWorkerDiedInRunsAgainAndBothRunsAreOnRecord() throws Exception {
    DeployActivitiesImpl deployer = deployer("echo $SELFHEAL_COMMIT >> deployed.txt", Map.of());
    Path records = deployDir.resolve(".git/selfheal-deploys.jsonl");
    deployer.deploy(request(commit));
    // what a SIGKILL between the command and its success record leaves: only the start
    List<String> lines = Files.readAllLines(records);
    Files.write(records, lines.subList(0, 1));

    DeployResult again = deployer.deploy(request(commit));

    assertThat(again.alreadyDeployed()).isFalse();
    assertThat(Files.readAllLines(records)).hasSize(3)
        .extracting(l -> new ObjectMapper().readTree(l).get("exitCode").asInt())
        .containsExactly(DeployRecord.STARTED, DeployRecord.STARTED, 0);
  }

  @Test
  void theCommandGetsTheServiceEnvironmentAndTheCommit() throws Exception {
    DeployActivitiesImpl deployer = deployer("echo \"$GREETING $SELFHEAL_INCIDENT $SELFHEAL_COMMIT\" > env.txt", Map.of("GREETING", "hello"));

    deployer.deploy(request(commit));

    assertThat(deployDir.resolve("env.txt")).hasContent("hello " + INCIDENT + " " + commit);
  }

  @Test
  void aFailingCommandIsDeployFailedWithItsOutputAndNoRecord() throws Exception {
    DeployActivitiesImpl deployer = deployer("echo building; echo 'port 8080 in use' >&2; exit 3", Map.of());

    assertThatThrownBy(() -> deployer.deploy(request(commit)))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("DEPLOY_FAILED");
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage()).contains("exited with 3").contains("building").contains("port 8080 in use");
        });
    // the start is on record, no success
    assertThat(Files.readAllLines(deployDir.resolve(".git/selfheal-deploys.jsonl"))).singleElement()
        .satisfies(l -> assertThat(new ObjectMapper().readTree(l).get("exitCode").asInt()).isEqualTo(DeployRecord.STARTED));
  }

  @Test
  void aBackgroundProcessOutlivesTheDeployWithoutHoldingItUp() throws Exception {
    DeployActivitiesImpl deployer = deployer("sleep 60 & echo $! > bg.pid; echo started", Map.of());

    long started = System.nanoTime();
    deployer.deploy(request(commit));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    long pid = Long.parseLong(Files.readString(deployDir.resolve("bg.pid")).trim());
    try {
      assertThat(took).isLessThan(Duration.ofSeconds(20));
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
    } finally {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void aCommandThatRunsTooLongIsKilled() throws Exception {
    DeployActivitiesImpl deployer = new DeployActivitiesImpl(
        GitFixtures.catalog(origin, deployDir, "echo slow; sleep 30", Map.of()), workspace, Duration.ofSeconds(1));

    assertThatThrownBy(() -> deployer.deploy(request(commit)))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("DEPLOY_FAILED");
          assertThat(f.getOriginalMessage()).contains("did not finish within 1s").contains("slow");
        });
  }

  @Test
  void aCommitThatIsNotOnOriginIsRefused() {
    DeployActivitiesImpl deployer = deployer("true", Map.of());
    assertThatThrownBy(() -> deployer.deploy(request("0123456789".repeat(4))))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("DEPLOY_FAILED");
          assertThat(f.getOriginalMessage()).contains("is not on origin");
        });
  }

  @Test
  void aNonEmptyDirectoryThatIsNotACheckoutIsLeftAlone() throws Exception {
    Files.createDirectories(deployDir);
    Files.writeString(deployDir.resolve("precious.txt"), "do not delete");
    DeployActivitiesImpl deployer = deployer("true", Map.of());

    assertThatThrownBy(() -> deployer.deploy(request(commit)))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("CONFIG_INVALID");
          assertThat(f.getOriginalMessage()).contains("is not a git checkout and not empty");
        });
    assertThat(deployDir.resolve("precious.txt")).exists();
  }

  @Test
  void completedDeploysAreChangeEventsWithTheirCommitAndFiles() throws Exception {
    DeployActivitiesImpl deployer = deployer("true", Map.of());
    deployer.deploy(request(commit));
    String next = GitFixtures.commit(origin, "main", Map.of("config/pricing.yaml", "region: {}\n"), List.of(), "drop the default region");
    deployer.deploy(request(next));
    var spec = GitFixtures.catalog(origin, deployDir, "true", Map.of()).require(GitFixtures.SERVICE);

    List<LogRecord> changes = DeployChanges.between(spec, Instant.now().minusSeconds(600), Instant.now().plusSeconds(1));

    assertThat(changes).hasSize(2);
    LogRecord last = changes.get(1);
    assertThat(last.level()).isEqualTo(DeployChanges.LEVEL);
    assertThat(last.deployCommit()).isEqualTo(next);
    assertThat(last.message()).contains("deployed " + next.substring(0, 10)).contains("drop the default region")
        .contains("files: ").contains("config/pricing.yaml");
    assertThat(JsonlLogReader.parse(last.raw())).as("readable back from the window").isNotNull();
    assertThat(DeployChanges.between(spec, Instant.now().plusSeconds(60), Instant.now().plusSeconds(120))).isEmpty();
  }

  private DeployActivitiesImpl deployer(String command, Map<String, String> env) {
    return new DeployActivitiesImpl(GitFixtures.catalog(origin, deployDir, command, env), workspace);
  }

  private static DeployRequest request(String commit) {
    return new DeployRequest(INCIDENT, GitFixtures.SERVICE, commit, "fix " + INCIDENT);
  }
}
