package dev.selfheal.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import dev.selfheal.workflows.messages.requests.LessonRequest;

/** Close stage: record the lesson this incident taught. */
@ActivityInterface
public interface LessonActivities {
  @ActivityMethod
  void recordLesson(LessonRequest request);
}
