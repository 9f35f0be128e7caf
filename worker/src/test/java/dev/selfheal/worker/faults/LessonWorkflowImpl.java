package dev.selfheal.worker.faults;

import dev.selfheal.workflows.activities.LessonActivities;
import dev.selfheal.workflows.messages.requests.LessonRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class LessonWorkflowImpl implements LessonWorkflow {
  private final LessonActivities lessons = Workflow.newActivityStub(LessonActivities.class,
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofMillis(100)).setMaximumAttempts(3).build())
          .build());

  @Override
  public void record(LessonRequest request) {
    lessons.recordLesson(request);
  }
}
