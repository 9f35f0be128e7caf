package dev.selfheal.worker.faults;

import dev.selfheal.workflows.messages.requests.LessonRequest;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A workflow with one side-effecting activity, to inject faults into. */
@WorkflowInterface
public interface LessonWorkflow {
  @WorkflowMethod
  void record(LessonRequest request);
}
