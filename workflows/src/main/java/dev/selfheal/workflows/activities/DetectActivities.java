package dev.selfheal.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import dev.selfheal.workflows.messages.requests.DetectRequest;
import dev.selfheal.workflows.messages.values.Detection;

/** Detect stage: check the alert against the service catalog and classify its severity. */
@ActivityInterface
public interface DetectActivities {
  @ActivityMethod
  Detection detect(DetectRequest request);
}
