package dev.selfheal.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import dev.selfheal.workflows.messages.requests.LogWindowRequest;
import dev.selfheal.workflows.messages.values.LogWindow;

/** Diagnose stage, part one: gather the service's logs around the alert. */
@ActivityInterface
public interface LogActivities {
  @ActivityMethod
  LogWindow collectWindow(LogWindowRequest request);
}
