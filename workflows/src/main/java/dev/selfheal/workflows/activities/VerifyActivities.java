package dev.selfheal.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import dev.selfheal.workflows.messages.requests.VerifyRequest;
import dev.selfheal.workflows.messages.values.VerifyResult;

/** Verify stage: health check plus a re-run of the job that failed. */
@ActivityInterface
public interface VerifyActivities {
  @ActivityMethod
  VerifyResult verify(VerifyRequest request);
}
