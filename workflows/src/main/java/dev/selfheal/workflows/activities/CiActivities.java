package dev.selfheal.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import dev.selfheal.workflows.messages.requests.TestRunRequest;
import dev.selfheal.workflows.messages.values.TestReport;

/** Test stage: the service's own test command on the fixed tree. Heartbeats while it runs. */
@ActivityInterface
public interface CiActivities {
  @ActivityMethod
  TestReport runTests(TestRunRequest request);
}
