package dev.selfheal.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import dev.selfheal.workflows.messages.requests.DeployRequest;
import dev.selfheal.workflows.messages.values.DeployResult;

/** Deploy stage: put one commit into production through the service's deploy command. */
@ActivityInterface
public interface DeployActivities {
  @ActivityMethod
  DeployResult deploy(DeployRequest request);
}
