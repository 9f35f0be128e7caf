package dev.selfheal.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import dev.selfheal.workflows.messages.requests.DiagnoseRequest;
import dev.selfheal.workflows.messages.values.Diagnosis;

/** Diagnose stage, part two: name the root cause with evidence and a confidence. */
@ActivityInterface
public interface DiagnosisActivities {
  @ActivityMethod
  Diagnosis diagnose(DiagnoseRequest request);
}
