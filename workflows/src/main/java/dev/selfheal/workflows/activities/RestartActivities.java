package dev.selfheal.workflows.activities;

import dev.selfheal.workflows.messages.requests.RestartRequest;
import dev.selfheal.workflows.messages.values.RestartResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Supervisor: run the service's restart command; a non-zero exit is a result, not a failure. */
@ActivityInterface
public interface RestartActivities {
  @ActivityMethod
  RestartResult restartService(RestartRequest request);
}
