package dev.selfheal.workflows;

import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recorded histories must replay against the current workflow code. A change that
 * breaks one needs {@code Workflow.getVersion}, not a new recording.
 */
class WorkflowReplayTest {
  @ParameterizedTest
  @ValueSource(strings = {"incident-resolved.json", "incident-rolled-back.json", "incident-host-moved.json", "incident-resolved-proven.json"})
  void recordedHistoryReplays(String file) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(read("/histories/" + file), IncidentWorkflowImpl.class);
  }

  /** The recover and detect loops, recorded on the dev server: a flapping escalation, a recurring error. */
  @ParameterizedTest
  @ValueSource(strings = {"supervisor-flapped.json"})
  void recordedSupervisorHistoryReplays(String file) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(read("/histories/" + file), SupervisorWorkflowImpl.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"logwatch-alerted.json"})
  void recordedLogWatcherHistoryReplays(String file) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(read("/histories/" + file), LogWatcherWorkflowImpl.class);
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = WorkflowReplayTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
