package dev.selfheal.starter.embedded;

import dev.selfheal.workflows.IncidentSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;

/**
 * The in-process Temporal test server, in real time, for the embedded mode: nothing to install.
 * Everything else talks to it through an ordinary {@link WorkflowClient}, as it would to a
 * real frontend.
 */
public final class EmbeddedTemporal implements AutoCloseable {
  private final TestWorkflowEnvironment env;

  private EmbeddedTemporal(TestWorkflowEnvironment env) {
    this.env = env;
  }

  public static EmbeddedTemporal start() {
    TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    for (var key : IncidentSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    return new EmbeddedTemporal(env);
  }

  public WorkflowClient client() {
    return env.getWorkflowClient();
  }

  @Override
  public void close() {
    env.close();
  }
}
