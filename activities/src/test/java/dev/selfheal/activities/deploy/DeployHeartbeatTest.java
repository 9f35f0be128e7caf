package dev.selfheal.activities.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.git.GitFixtures;
import dev.selfheal.workflows.activities.DeployActivities;
import dev.selfheal.workflows.messages.requests.DeployRequest;
import dev.selfheal.workflows.messages.values.DeployResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deploy under a real activity context: it heartbeats while its command runs. */
class DeployHeartbeatTest {
  @TempDir Path tmp;
  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();

  @AfterEach
  void tearDown() {
    env.close();
  }

  // the SDK sends heartbeats at most every 0.8 x heartbeat timeout; a short timeout lets the
  // "running" heartbeat through within the command's run
  @Test
  void heartbeatsWhileTheCommandRuns() throws Exception {
    Path origin = GitFixtures.bareOrigin(tmp.resolve("origin.git"), Map.of("app.txt", "v1\n"));
    String commit = GitFixtures.head(origin, "main");
    env.registerActivitiesImplementations(new DeployActivitiesImpl(
        GitFixtures.catalog(origin, tmp.resolve("deploy"), "sleep 5", Map.of()), new Workspace(tmp.resolve("ws"))));
    List<String> beats = new CopyOnWriteArrayList<>();
    env.setActivityHeartbeatListener(String.class, beats::add);
    DeployActivities deployer = env.newActivityStub(DeployActivities.class,
        ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).setHeartbeatTimeout(Duration.ofSeconds(4)).build());

    DeployResult result = deployer.deploy(new DeployRequest("incident-report-service-hb", GitFixtures.SERVICE, commit, "test"));

    assertThat(result.alreadyDeployed()).isFalse();
    assertThat(beats).anySatisfy(b -> assertThat(b).startsWith("deploy-" + commit.substring(0, 10) + " running"));
  }
}
