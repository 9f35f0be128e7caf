package dev.selfheal.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import dev.selfheal.workflows.messages.requests.ProofRequest;
import dev.selfheal.workflows.messages.requests.TestRunRequest;
import dev.selfheal.workflows.messages.values.FixProof;
import dev.selfheal.workflows.messages.values.TestReport;

/**
 * Test stage: the fix's regression tests fail on the tree before the fix, then the service's own
 * test command passes on the fixed tree. Heartbeats while they run.
 */
@ActivityInterface
public interface CiActivities {
  @ActivityMethod
  TestReport runTests(TestRunRequest request);

  /** The fix's regression tests on the tree before the fix: they must fail there. Heartbeats. */
  @ActivityMethod
  FixProof proveRedBeforeFix(ProofRequest request);
}
