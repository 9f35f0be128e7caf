package dev.selfheal.workflows;

import dev.selfheal.workflows.activities.LogWatchActivities;
import dev.selfheal.workflows.messages.commands.LogWatchRequest;
import dev.selfheal.workflows.messages.commands.StopWatchRequest;
import dev.selfheal.workflows.messages.queries.LogWatchState;
import dev.selfheal.workflows.messages.requests.TailRequest;
import dev.selfheal.workflows.messages.values.LogWatchCheckpoint;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import org.slf4j.Logger;

/**
 * Runs tail activities back to back, each starting from the checkpoint the previous returned, and
 * continues as new before the history grows large, carrying the checkpoint.
 */
public class LogWatcherWorkflowImpl implements LogWatcherWorkflow {
  private static final Logger log = Workflow.getLogger(LogWatcherWorkflowImpl.class);

  /**
   * Tail runs per workflow run: about 6 events each, so a few hundred events, far below the size
   * at which the server suggests continuing as new; a cap the suggestion never has to reach.
   */
  static final int MAX_TAIL_RUNS = 100;

  private final LogWatchActivities watch =
      Workflow.newActivityStub(LogWatchActivities.class, WatchActivityOptions.tail());

  private final LogWatchRequest request;
  private LogWatchCheckpoint checkpoint;
  private int tailRuns;
  private String stopReason;
  private LogWatchRequest reconfigured;

  @WorkflowInit
  public LogWatcherWorkflowImpl(LogWatchRequest request) {
    this.request = request;
    this.checkpoint = request == null || request.checkpoint() == null ? LogWatchCheckpoint.empty() : request.checkpoint();
  }

  @Override
  public void run(LogWatchRequest ignored) {
    try {
      request.validate();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "log watch request: " + (request == null ? "missing" : e.getMessage()), Errors.CONFIG_INVALID.name());
    }
    String watcherId = Workflow.getInfo().getWorkflowId();
    while (stopReason == null) {
      checkpoint = watch.tail(new TailRequest(watcherId, request.service(), request.sources(),
          request.thresholdOrDefault(), request.window().toSeconds(), WatchActivityOptions.TAIL_RUN.toSeconds(),
          checkpoint));
      tailRuns++;
      if (stopReason == null && reconfigured != null) {
        log.info("log watcher reconfigured service={} sources={} threshold={} window_s={}", request.service(),
            reconfigured.sources().size(), reconfigured.thresholdOrDefault(), reconfigured.window().toSeconds());
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(reconfigured.withCheckpoint(checkpoint));
      }
      if (stopReason == null && (tailRuns >= MAX_TAIL_RUNS || Workflow.getInfo().isContinueAsNewSuggested())) {
        log.info("continue-as-new service={} tailRuns={} historyLength={} alertsRaised={}", request.service(),
            tailRuns, Workflow.getInfo().getHistoryLength(), checkpoint.alertsRaised());
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(request.withCheckpoint(checkpoint));
      }
    }
    log.info("log watcher stopped service={} reason={} alertsRaised={}", request.service(), stopReason,
        checkpoint.alertsRaised());
    Workflow.await(Workflow::isEveryHandlerFinished);
  }

  @Override
  public LogWatchState state() {
    return new LogWatchState(request == null ? null : request.service(), checkpoint.files(), checkpoint.groups(),
        checkpoint.alertsRaised(), tailRuns, stopReason != null);
  }

  @Override
  public void configure(LogWatchRequest next) {
    if (next != null && request != null && !next.withCheckpoint(null).equals(request.withCheckpoint(null))) {
      reconfigured = next;
    }
  }

  @Override
  public void stop(StopWatchRequest stop) {
    stopReason = stop == null || stop.reason() == null || stop.reason().isBlank() ? "stop requested" : stop.reason();
  }
}
