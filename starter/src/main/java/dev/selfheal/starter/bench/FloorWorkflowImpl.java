package dev.selfheal.starter.bench;

import dev.selfheal.workflows.StageActivityOptions;
import io.temporal.workflow.Workflow;

/** Nine sequential no-op activities on the same queue and options the incident's light stages use. */
public class FloorWorkflowImpl implements FloorWorkflow {
  private final FloorActivities activities =
      Workflow.newActivityStub(FloorActivities.class, StageActivityOptions.light());

  @Override
  public int run(int stages) {
    int done = 0;
    for (int i = 0; i < stages; i++) {
      done += activities.step(i);
    }
    return done;
  }
}
