package dev.selfheal.starter.incidents;

import io.temporal.api.history.v1.HistoryEvent;

/** One line of detail per history event: which activity, signal, update or timer, and by whom. */
final class HistoryEvents {
  private HistoryEvents() {}

  static String detail(HistoryEvent event) {
    return switch (event.getEventType()) {
      case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
        var a = event.getActivityTaskScheduledEventAttributes();
        yield a.getActivityType().getName() + " on " + a.getTaskQueue().getName();
      }
      case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
        var a = event.getActivityTaskStartedEventAttributes();
        yield "attempt " + a.getAttempt() + " by " + a.getIdentity();
      }
      case EVENT_TYPE_ACTIVITY_TASK_FAILED ->
          event.getActivityTaskFailedEventAttributes().getFailure().getMessage();
      case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT ->
          event.getActivityTaskTimedOutEventAttributes().getFailure().getMessage();
      case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> {
        var a = event.getWorkflowExecutionSignaledEventAttributes();
        yield a.getSignalName() + " from " + a.getIdentity();
      }
      case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED ->
          event.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest().getInput().getName();
      case EVENT_TYPE_TIMER_STARTED ->
          "fires in " + event.getTimerStartedEventAttributes().getStartToFireTimeout().getSeconds() + "s";
      case EVENT_TYPE_WORKFLOW_TASK_STARTED -> "by " + event.getWorkflowTaskStartedEventAttributes().getIdentity();
      case EVENT_TYPE_WORKFLOW_TASK_FAILED ->
          event.getWorkflowTaskFailedEventAttributes().getCause().name();
      default -> "";
    };
  }
}
