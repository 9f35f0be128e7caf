package dev.selfheal.activities.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.activities.Workspace;
import dev.selfheal.workflows.Errors;
import dev.selfheal.workflows.messages.requests.RestartRequest;
import dev.selfheal.workflows.messages.values.RestartResult;
import dev.selfheal.workflows.messages.values.ServiceCommand;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartActivitiesImplTest {
  @TempDir Path dir;

  private RestartResult restart(String command, long timeoutSeconds) {
    return new RestartActivitiesImpl(new Workspace(dir.resolve("work"))).restartService(
        new RestartRequest("report-service", "r1", new ServiceCommand(command, dir.toString(), Map.of("PORT", "8088"), timeoutSeconds)));
  }

  @Test
  void exitCodeAndOutputTailAreRecorded() {
    RestartResult result = restart("echo \"starting on $PORT\"; echo 'FATAL: address in use' >&2; exit 3", 30);
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.outputTail()).isEqualTo("starting on 8088\nFATAL: address in use");
    assertThat(dir.resolve("work/supervise/report-service/restart-r1.log")).exists();
  }

  @Test
  void aRestartThatHangsIsKilledAtItsLimit() {
    long started = System.nanoTime();
    RestartResult result = restart("echo begun; sleep 60", 1);
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(result.outputTail()).contains("ran longer than").contains("killed");
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000);
  }

  @Test
  void aMissingWorkingDirIsRefusedForGood() {
    var impl = new RestartActivitiesImpl(new Workspace(dir.resolve("work")));
    RestartRequest request = new RestartRequest("report-service", "r1",
        new ServiceCommand("true", dir.resolve("gone").toString(), Map.of(), 0));
    assertThatThrownBy(() -> impl.restartService(request))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(Errors.INVALID_REQUEST.name());
          assertThat(f.getOriginalMessage()).contains("does not exist");
        });
  }
}
