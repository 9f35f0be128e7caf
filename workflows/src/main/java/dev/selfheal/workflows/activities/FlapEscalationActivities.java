package dev.selfheal.workflows.activities;

import dev.selfheal.workflows.messages.requests.FlapEscalationRequest;
import dev.selfheal.workflows.messages.requests.RestartNoteRequest;
import dev.selfheal.workflows.messages.values.EscalationResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Supervisor: hand a flapping service to the incident workflow (fingerprint {@code flapping}). */
@ActivityInterface
public interface FlapEscalationActivities {
  /** Raises the episode with log lines and restart history; at most once per episode id. */
  @ActivityMethod
  EscalationResult escalateFlapping(FlapEscalationRequest request);

  /** Adds a restart to the incident if it is still open; false when it has closed. */
  @ActivityMethod
  boolean noteRestart(RestartNoteRequest request);
}
