package dev.selfheal.activities.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.activities.config.Autonomy;
import dev.selfheal.activities.config.HealthCheck;
import dev.selfheal.activities.config.LogFormat;
import dev.selfheal.activities.config.LogSource;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.config.ServiceSpec;
import dev.selfheal.activities.config.Thresholds;
import dev.selfheal.workflows.messages.requests.VerifyRequest;
import dev.selfheal.workflows.messages.values.VerifyResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A health check the catalog gives as a command runs in the deploy dir; exit 0 is healthy. */
class VerifyActivitiesImplTest {
  @TempDir Path deployDir;

  @Test
  void aHealthCommandThatExitsZeroInTheDeployDirIsHealthy() throws Exception {
    VerifyResult result = verify("test \"$(pwd)\" = \"$EXPECTED_DIR\" && echo up", Duration.ofSeconds(5));

    assertThat(result.healthy()).as(result.detail()).isTrue();
    assertThat(result.detail()).startsWith("health exit 0 up;");
    assertThat(result.jobOk()).as("no job to re-run").isTrue();
  }

  @Test
  void aHealthCommandThatFailsIsUnhealthyWithItsExitCodeAndOutput() throws Exception {
    VerifyResult result = verify("echo 'db down'; exit 3", Duration.ofSeconds(5));

    assertThat(result.healthy()).isFalse();
    assertThat(result.detail()).startsWith("health exit 3 db down;");
  }

  @Test
  void aHealthCommandThatOutrunsItsTimeoutIsUnhealthy() throws Exception {
    VerifyResult result = verify("sleep 30", Duration.ofSeconds(1));

    assertThat(result.healthy()).isFalse();
    assertThat(result.detail()).contains("ran longer than PT1S");
  }

  private VerifyResult verify(String command, Duration timeout) throws Exception {
    ServiceSpec spec = new ServiceSpec("svc", "/o.git", "main", "t", deployDir.toString(), "d", null,
        Map.of("EXPECTED_DIR", deployDir.toRealPath().toString()),
        new HealthCheck(null, command, Duration.ofSeconds(10), timeout), null,
        List.of(new LogSource("/l", LogFormat.AUTO)), List.of(), Autonomy.SUGGEST, Thresholds.DEFAULT);
    return new VerifyActivitiesImpl(new ServiceCatalog(Map.of("svc", spec))).verify(new VerifyRequest("incident-svc-1", "svc", 1));
  }
}
