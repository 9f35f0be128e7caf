package dev.selfheal.activities.watch;

import dev.selfheal.workflows.Errors;
import dev.selfheal.workflows.activities.LogWatchActivities;
import dev.selfheal.workflows.messages.commands.LogWatchRequest;
import dev.selfheal.workflows.messages.requests.TailRequest;
import dev.selfheal.workflows.messages.values.IncidentSettings;
import dev.selfheal.workflows.messages.values.LogWatchCheckpoint;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails a service's logs for the run time the request gives, heartbeating the checkpoint after
 * every poll and right after every alert. A retried attempt resumes from its last heartbeat, so a
 * worker restart neither reads a line twice nor skips one; an alert raised just before a heartbeat
 * was lost is found in its incident's history instead of being raised again ({@link
 * IncidentAlertSink}).
 */
public final class LogWatchActivitiesImpl implements LogWatchActivities {
  private static final Logger log = LoggerFactory.getLogger(LogWatchActivitiesImpl.class);

  static final Duration POLL = Duration.ofMillis(500);
  /** A plain-text event with no line after it for this long is complete. */
  static final Duration QUIET = Duration.ofSeconds(2);

  private final Function<WorkflowClient, AlertSink> sinks;
  private final Duration poll;
  private final Clock clock;

  /** Alerts go to incidents through the worker's own client, with default incident settings. */
  public LogWatchActivitiesImpl() {
    this(client -> new IncidentAlertSink(client, IncidentSettings.defaults()), POLL, Clock.systemUTC());
  }

  LogWatchActivitiesImpl(Function<WorkflowClient, AlertSink> sinks, Duration poll, Clock clock) {
    this.sinks = sinks;
    this.poll = poll;
    this.clock = clock;
  }

  @Override
  public LogWatchCheckpoint tail(TailRequest request) {
    validate(request);
    ActivityExecutionContext context = Activity.getExecutionContext();
    LogWatchCheckpoint from = context.getHeartbeatDetails(LogWatchCheckpoint.class).orElse(request.checkpoint());
    log.info("tail start service={} attempt={} sources={} resumeFromHeartbeat={}", request.service(),
        context.getInfo().getAttempt(), request.sources().size(), context.getHeartbeatDetails(LogWatchCheckpoint.class).isPresent());
    AlertSink sink = sinks.apply(context.getWorkflowClient());
    Instant deadline = clock.instant().plusSeconds(request.runSeconds());
    try (ServiceWatch watch = new ServiceWatch(request, from, sink, clock, QUIET, context::heartbeat)) {
      while (true) {
        watch.poll();
        LogWatchCheckpoint checkpoint = watch.checkpoint();
        context.heartbeat(checkpoint);
        if (!clock.instant().isBefore(deadline)) {
          log.info("tail done service={} alertsRaised={}", request.service(), checkpoint.alertsRaised());
          return checkpoint;
        }
        // polled, like tail -F: file events miss rotations on network and overlay filesystems
        Thread.sleep(poll.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the worker is shutting down: the retry resumes from the heartbeat
      throw Activity.wrap(e);
    } catch (IOException e) {
      throw Activity.wrap(e);
    }
  }

  private static void validate(TailRequest request) {
    try {
      if (request == null) {
        throw new IllegalArgumentException("tail request is missing");
      }
      new LogWatchRequest(request.service(), request.sources(), request.threshold(), request.windowSeconds(), null)
          .validate();
      if (request.threshold() < 1 || request.windowSeconds() < 1 || request.runSeconds() < 1) {
        throw new IllegalArgumentException("threshold, window and run time must be positive; were "
            + request.threshold() + ", " + request.windowSeconds() + " s, " + request.runSeconds() + " s");
      }
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure("tail request: " + e.getMessage(), Errors.CONFIG_INVALID.name());
    }
  }
}
