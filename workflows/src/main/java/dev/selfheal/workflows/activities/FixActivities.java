package dev.selfheal.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import dev.selfheal.workflows.messages.requests.FixRequest;
import dev.selfheal.workflows.messages.values.FixResult;

/** Fix stage: apply a recipe for the diagnosis and commit it on the incident branch. */
@ActivityInterface
public interface FixActivities {
  @ActivityMethod
  FixResult applyFix(FixRequest request);
}
