package dev.selfheal.starter.bench;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The floor: a bare workflow of nine no-op activities, one per incident stage. */
@WorkflowInterface
public interface FloorWorkflow {
  @WorkflowMethod
  int run(int stages);
}
