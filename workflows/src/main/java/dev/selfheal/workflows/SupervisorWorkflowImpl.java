package dev.selfheal.workflows;

import dev.selfheal.workflows.activities.FlapEscalationActivities;
import dev.selfheal.workflows.activities.HealthProbeActivities;
import dev.selfheal.workflows.activities.RestartActivities;
import dev.selfheal.workflows.messages.commands.PauseRequest;
import dev.selfheal.workflows.messages.commands.ResumeRequest;
import dev.selfheal.workflows.messages.commands.SupervisionRequest;
import dev.selfheal.workflows.messages.queries.SupervisorState;
import dev.selfheal.workflows.messages.requests.FlapEscalationRequest;
import dev.selfheal.workflows.messages.requests.ProbeRequest;
import dev.selfheal.workflows.messages.requests.RestartNoteRequest;
import dev.selfheal.workflows.messages.requests.RestartRequest;
import dev.selfheal.workflows.messages.values.EscalationResult;
import dev.selfheal.workflows.messages.values.ProbeResult;
import dev.selfheal.workflows.messages.values.RestartRecord;
import dev.selfheal.workflows.messages.values.RestartResult;
import dev.selfheal.workflows.messages.values.SupervisionPolicy;
import dev.selfheal.workflows.messages.values.SupervisorCarryOver;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * See {@link SupervisorWorkflow}. Every counter is workflow state (durable across worker
 * restarts) and is carried over on continue-as-new. Deterministic: probes, restarts and the
 * incident are activities.
 */
public class SupervisorWorkflowImpl implements SupervisorWorkflow {
  private static final Logger log = Workflow.getLogger(SupervisorWorkflowImpl.class);
  /** Restarts kept in state and handed to an escalation as history. */
  private static final int RECENT_RESTARTS = 20;

  private final SupervisionRequest request;
  private final String service;
  private final SupervisionPolicy policy;

  private long backoffSeconds;
  private long healthySinceMillis;
  private final List<Long> crashTimes = new ArrayList<>();
  private final List<RestartRecord> recentRestarts = new ArrayList<>();
  private long restarts;
  private long flappingUntilMillis;
  private int episodes;
  private String lastEscalation;
  private String openIncident;
  private boolean paused;
  private int continuedAsNew;
  private ProbeResult lastProbe;
  private SupervisionRequest reconfigured;

  @WorkflowInit
  public SupervisorWorkflowImpl(SupervisionRequest request) {
    this.request = request;
    this.service = request == null ? null : request.service();
    this.policy = request == null ? SupervisionPolicy.defaults() : request.policy();
    this.backoffSeconds = policy.initialBackoff();
    SupervisorCarryOver carried = request == null ? null : request.carried();
    if (carried != null) {
      backoffSeconds = Math.min(Math.max(carried.backoffSeconds(), policy.initialBackoff()), policy.maxBackoff());
      healthySinceMillis = carried.healthySinceMillis();
      crashTimes.addAll(carried.crashTimesMillis());
      recentRestarts.addAll(carried.recentRestarts());
      restarts = carried.restarts();
      flappingUntilMillis = carried.flappingUntilMillis();
      episodes = carried.episodes();
      lastEscalation = carried.lastEscalation();
      openIncident = carried.openIncident();
      paused = carried.paused();
      continuedAsNew = carried.continuedAsNew();
    }
  }

  @Override
  public void run(SupervisionRequest ignored) {
    String problem = request == null ? "supervision request is missing" : request.problem();
    if (problem != null) {
      throw ApplicationFailure.newNonRetryableFailure("cannot supervise: " + problem, Errors.INVALID_REQUEST.name());
    }
    HealthProbeActivities probes = Workflow.newActivityStub(
        HealthProbeActivities.class, SupervisorActivityOptions.probe(request.health().effectiveTimeoutMillis()));
    RestartActivities restarter = Workflow.newActivityStub(
        RestartActivities.class, SupervisorActivityOptions.restart(request.restart().effectiveTimeoutSeconds()));
    FlapEscalationActivities escalations =
        Workflow.newActivityStub(FlapEscalationActivities.class, SupervisorActivityOptions.escalation());
    log.info("supervisor service={} started restarts={} backoff_s={} continued_as_new={}",
        service, restarts, backoffSeconds, continuedAsNew);
    while (true) {
      if (reconfigured != null) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        log.info("supervisor service={} reconfigured restarts={}", service, restarts);
        Workflow.continueAsNew(reconfigured.carrying(carryOver()));
      }
      if (Workflow.getInfo().getHistoryLength() >= policy.historyLimit() || Workflow.getInfo().isContinueAsNewSuggested()) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        continuedAsNew++;
        log.info("supervisor service={} continue_as_new={} restarts={}", service, continuedAsNew, restarts);
        Workflow.continueAsNew(request.carrying(carryOver()));
      }
      if (paused) {
        Workflow.await(() -> !paused);
        continue;
      }
      long now = Workflow.currentTimeMillis();
      if (flappingUntilMillis > now) {
        // cool-down: no probes, no restarts; resume ends it early
        Workflow.await(Duration.ofMillis(flappingUntilMillis - now),
            () -> paused || flappingUntilMillis == 0 || reconfigured != null);
        if (flappingUntilMillis != 0 && Workflow.currentTimeMillis() >= flappingUntilMillis) {
          log.info("supervisor service={} cool-down over; restarts resume", service);
          flappingUntilMillis = 0;
        }
        continue;
      }
      ProbeResult probe = probe(probes);
      if (probe != null) {
        lastProbe = probe;
      }
      if (probe == null || probe.healthy()) {
        if (probe != null) {
          onHealthy();
        }
        Workflow.await(policy.probeInterval(), () -> paused || reconfigured != null);
        continue;
      }
      long crashedAt = Workflow.currentTimeMillis();
      healthySinceMillis = 0;
      crashTimes.add(crashedAt);
      crashTimes.removeIf(t -> t <= crashedAt - policy.flapWindowMillis());
      log.info("supervisor service={} crash crashes_in_window={} backoff_s={} probe='{}'",
          service, crashTimes.size(), backoffSeconds, lastProbe.detail());
      if (crashTimes.size() >= policy.crashesToFlap()) {
        escalate(escalations);
        continue;
      }
      long waited = backoffSeconds;
      if (Workflow.await(Duration.ofSeconds(waited), () -> paused)) {
        continue; // paused during the wait: no restart
      }
      RestartRecord restart = restart(restarter, crashedAt, waited);
      backoffSeconds = Math.min(backoffSeconds * 2, policy.maxBackoff());
      if (openIncident != null) {
        note(escalations, restart);
      }
      Workflow.await(policy.probeInterval(), () -> paused || reconfigured != null);
    }
  }

  private ProbeResult probe(HealthProbeActivities probes) {
    try {
      return probes.probeHealth(new ProbeRequest(service, request.health(), request.restart()));
    } catch (ActivityFailure failure) {
      // the probe could not run (no IO worker, bad check): not evidence the service is down
      log.warn("supervisor service={} probe could not run: {}", service, reason(failure));
      return null;
    }
  }

  private void onHealthy() {
    long now = Workflow.currentTimeMillis();
    if (healthySinceMillis == 0) {
      healthySinceMillis = now;
    } else if (backoffSeconds != policy.initialBackoff() && now - healthySinceMillis >= policy.healthyResetMillis()) {
      log.info("supervisor service={} healthy for {}s; backoff {}s -> {}s",
          service, (now - healthySinceMillis) / 1000, backoffSeconds, policy.initialBackoff());
      backoffSeconds = policy.initialBackoff();
    }
  }

  private RestartRecord restart(RestartActivities restarter, long crashedAt, long waited) {
    long startedAt = Workflow.currentTimeMillis();
    RestartRecord record;
    try {
      RestartResult result = restarter.restartService(new RestartRequest(service, "r" + (restarts + 1), request.restart()));
      record = new RestartRecord(crashedAt, waited, startedAt, result.exitCode(), result.durationMillis(), result.outputTail());
    } catch (ActivityFailure failure) {
      record = new RestartRecord(crashedAt, waited, startedAt, -1, Workflow.currentTimeMillis() - startedAt, reason(failure));
    }
    // counted with its record, so the state never shows a restart without its outcome
    restarts++;
    recentRestarts.add(record);
    if (recentRestarts.size() > RECENT_RESTARTS) {
      recentRestarts.remove(0);
    }
    log.info("supervisor service={} restart n={} backoff_s={} exit={} took_ms={}",
        service, restarts, waited, record.exitCode(), record.durationMillis());
    return record;
  }

  /** Flapping: stop restarting for the cool-down and raise the episode into the service's incident. */
  private void escalate(FlapEscalationActivities escalations) {
    long now = Workflow.currentTimeMillis();
    int crashes = crashTimes.size();
    flappingUntilMillis = now + policy.coolDownMillis();
    crashTimes.clear();
    episodes++;
    String episodeId = "flap-" + episodes + "-" + Workflow.randomUUID().toString().substring(0, 8);
    String title = String.format("%s is flapping: %d crashes within %ds despite %d restarts; restarts paused for %ds",
        service, crashes, policy.flapWindowMillis() / 1000, restarts, policy.coolDownMillis() / 1000);
    log.warn("supervisor service={} flapping episode={} crashes={} cool_down_until={}",
        service, episodeId, crashes, Instant.ofEpochMilli(flappingUntilMillis));
    try {
      EscalationResult result = escalations.escalateFlapping(
          new FlapEscalationRequest(service, episodeId, title, request.logFiles(), List.copyOf(recentRestarts)));
      openIncident = result.incidentId();
      lastEscalation = episodeId + " raised into " + result.incidentId() + " at " + Instant.ofEpochMilli(now);
    } catch (ActivityFailure failure) {
      lastEscalation = episodeId + " could not be raised at " + Instant.ofEpochMilli(now) + ": " + reason(failure);
      log.error("supervisor service={} escalation failed episode={}: {}", service, episodeId, reason(failure));
    }
  }

  /** A restart after escalation joins the open incident's timeline; a closed incident ends that. */
  private void note(FlapEscalationActivities escalations, RestartRecord restart) {
    try {
      if (!escalations.noteRestart(new RestartNoteRequest(service, openIncident, "restart-" + restarts + "-" + Workflow.randomUUID().toString().substring(0, 8), restart))) {
        openIncident = null;
      }
    } catch (ActivityFailure failure) {
      log.warn("supervisor service={} restart not noted in {}: {}", service, openIncident, reason(failure));
    }
  }

  private SupervisorCarryOver carryOver() {
    return new SupervisorCarryOver(backoffSeconds, healthySinceMillis, crashTimes, recentRestarts, restarts,
        flappingUntilMillis, episodes, lastEscalation, openIncident, paused, continuedAsNew);
  }

  @Override
  public void configure(SupervisionRequest next) {
    if (next != null && request != null && !next.carrying(null).equals(request.carrying(null))) {
      reconfigured = next;
    }
  }

  @Override
  public void pause(PauseRequest pause) {
    if (pause == null) {
      return;
    }
    paused = true;
    log.info("supervisor service={} paused by={} reason='{}'", service, pause.by(), pause.reason());
  }

  @Override
  public void resume(ResumeRequest resume) {
    if (resume == null) {
      return;
    }
    paused = false;
    if (flappingUntilMillis != 0) {
      flappingUntilMillis = 0;
      crashTimes.clear();
    }
    log.info("supervisor service={} resumed by={} comment='{}'", service, resume.by(), resume.comment());
  }

  @Override
  public SupervisorState state() {
    long now = Workflow.currentTimeMillis();
    int inWindow = (int) crashTimes.stream().filter(t -> t > now - policy.flapWindowMillis()).count();
    return new SupervisorState(service, lastProbe != null && lastProbe.healthy(), paused,
        lastProbe == null ? null : lastProbe.detail(), backoffSeconds, restarts, inWindow, flappingUntilMillis,
        lastEscalation, openIncident, List.copyOf(recentRestarts), continuedAsNew);
  }

  private static String reason(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof ApplicationFailure app) {
      return app.getType() + ": " + app.getOriginalMessage();
    }
    if (cause instanceof TemporalFailure temporal) {
      return temporal.getOriginalMessage();
    }
    return String.valueOf(cause);
  }
}
