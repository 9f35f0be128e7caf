package dev.selfheal.workflows.activities;

import dev.selfheal.workflows.messages.requests.ProbeRequest;
import dev.selfheal.workflows.messages.values.ProbeResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Supervisor: is the service up? An unreachable or failing service is a result, not a failure. */
@ActivityInterface
public interface HealthProbeActivities {
  @ActivityMethod
  ProbeResult probeHealth(ProbeRequest request);
}
