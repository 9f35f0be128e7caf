package dev.selfheal.starter;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.failure.ApplicationFailure;

/** One line for a user, from an exception a verb let through. */
final class UserErrors {
  private UserErrors() {}

  static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof WorkflowNotFoundException missing) {
        return "no incident " + missing.getExecution().getWorkflowId() + " (or it is closed and the action needs it running)";
      }
      if (t instanceof StatusRuntimeException grpc && grpc.getStatus().getCode() == Status.Code.UNAVAILABLE) {
        return "the Temporal frontend is unavailable: " + grpc.getStatus().getDescription();
      }
      if (t instanceof ApplicationFailure app) {
        return app.getOriginalMessage();
      }
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
