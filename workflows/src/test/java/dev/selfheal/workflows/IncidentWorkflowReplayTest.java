package dev.selfheal.workflows;

import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recorded incident histories must replay against the current workflow code. A change that
 * breaks one needs {@code Workflow.getVersion}, not a new recording.
 */
class IncidentWorkflowReplayTest {
  @ParameterizedTest
  @ValueSource(strings = {"incident-resolved.json", "incident-rolled-back.json", "incident-host-moved.json", "incident-resolved-proven.json"})
  void recordedHistoryReplays(String file) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(read("/histories/" + file), IncidentWorkflowImpl.class);
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = IncidentWorkflowReplayTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
