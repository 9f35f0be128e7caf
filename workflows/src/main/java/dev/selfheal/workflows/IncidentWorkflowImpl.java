package dev.selfheal.workflows;

import dev.selfheal.workflows.messages.values.FixProof;
import dev.selfheal.workflows.messages.requests.ProofRequest;
import dev.selfheal.workflows.activities.CiActivities;
import dev.selfheal.workflows.activities.DeployActivities;
import dev.selfheal.workflows.activities.DetectActivities;
import dev.selfheal.workflows.activities.DiagnosisActivities;
import dev.selfheal.workflows.activities.FixActivities;
import dev.selfheal.workflows.activities.GitActivities;
import dev.selfheal.workflows.activities.LessonActivities;
import dev.selfheal.workflows.activities.LogActivities;
import dev.selfheal.workflows.activities.ReviewActivities;
import dev.selfheal.workflows.activities.TicketActivities;
import dev.selfheal.workflows.activities.VerifyActivities;
import dev.selfheal.workflows.messages.commands.ApprovalReceipt;
import dev.selfheal.workflows.messages.commands.ApproveRequest;
import dev.selfheal.workflows.messages.commands.IncidentRequest;
import dev.selfheal.workflows.messages.commands.IncidentResult;
import dev.selfheal.workflows.messages.commands.RejectRequest;
import dev.selfheal.workflows.messages.queries.IncidentStatus;
import dev.selfheal.workflows.messages.queries.TimelineEntry;
import dev.selfheal.workflows.messages.requests.DeployRequest;
import dev.selfheal.workflows.messages.requests.DetectRequest;
import dev.selfheal.workflows.messages.requests.DiagnoseRequest;
import dev.selfheal.workflows.messages.requests.EscalationRequest;
import dev.selfheal.workflows.messages.requests.FixRequest;
import dev.selfheal.workflows.messages.requests.LessonRequest;
import dev.selfheal.workflows.messages.requests.LogWindowRequest;
import dev.selfheal.workflows.messages.requests.MergeRequest;
import dev.selfheal.workflows.messages.requests.PostmortemRequest;
import dev.selfheal.workflows.messages.requests.RevertRequest;
import dev.selfheal.workflows.messages.requests.ReviewRequest;
import dev.selfheal.workflows.messages.requests.ReviewUpdateRequest;
import dev.selfheal.workflows.messages.requests.TestRunRequest;
import dev.selfheal.workflows.messages.requests.TicketOpenRequest;
import dev.selfheal.workflows.messages.requests.VerifyRequest;
import dev.selfheal.workflows.messages.requests.WorktreeRequest;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.DeployResult;
import dev.selfheal.workflows.messages.values.Detection;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.FixResult;
import dev.selfheal.workflows.messages.values.IncidentRecord;
import dev.selfheal.workflows.messages.values.IncidentSettings;
import dev.selfheal.workflows.messages.values.LogWindow;
import dev.selfheal.workflows.messages.values.MergeResult;
import dev.selfheal.workflows.messages.values.Outcome;
import dev.selfheal.workflows.messages.values.RevertResult;
import dev.selfheal.workflows.messages.values.ReviewRef;
import dev.selfheal.workflows.messages.values.Severity;
import dev.selfheal.workflows.messages.values.Stage;
import dev.selfheal.workflows.messages.values.SupervisorAlerts;
import dev.selfheal.workflows.messages.values.TestReport;
import dev.selfheal.workflows.messages.values.TicketRef;
import dev.selfheal.workflows.messages.values.VerifyResult;
import dev.selfheal.workflows.messages.values.Worktree;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/** See {@link IncidentWorkflow}. Deterministic: all I/O is in activities. */
public class IncidentWorkflowImpl implements IncidentWorkflow {
  private static final Logger log = Workflow.getLogger(IncidentWorkflowImpl.class);
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  /** Alerts beyond this many are counted, not each written to the timeline. */
  private static final int ALERTS_IN_TIMELINE = 5;
  /** The supervisor sends at most its last 20 restarts; a forged label cannot flood the timeline. */
  private static final int RESTARTS_IN_TIMELINE = 20;
  /** Names the {@code Workflow.getVersion} change that let host-queue steps move hosts. */
  static final String HOST_FAILOVER = "host-failover";
  /** Names the {@code Workflow.getVersion} change that runs the regression tests before the fix. */
  static final String RED_BEFORE_FIX = "red-before-fix";
  private static final int MAX_HOST_MOVES = 3;

  private final DetectActivities detect =
      Workflow.newActivityStub(DetectActivities.class, StageActivityOptions.light());
  private final TicketActivities tickets =
      Workflow.newActivityStub(TicketActivities.class, StageActivityOptions.light());
  private final LessonActivities lessons =
      Workflow.newActivityStub(LessonActivities.class, StageActivityOptions.light());
  private final LogActivities logs =
      Workflow.newActivityStub(LogActivities.class, StageActivityOptions.analysis());
  private final DiagnosisActivities diagnosis =
      Workflow.newActivityStub(DiagnosisActivities.class, StageActivityOptions.analysis());
  private final GitActivities worktrees =
      Workflow.newActivityStub(GitActivities.class, StageActivityOptions.prepareWorktree());
  private final GitActivities releaseGit =
      Workflow.newActivityStub(GitActivities.class, StageActivityOptions.release());
  private final DeployActivities deployer =
      Workflow.newActivityStub(DeployActivities.class, StageActivityOptions.release());
  private final VerifyActivities verifier =
      Workflow.newActivityStub(VerifyActivities.class, StageActivityOptions.verify());

  private final String incidentId;
  private final String service;
  private final IncidentSettings settings;
  private final List<TimelineEntry> timeline = new ArrayList<>();
  private final List<VerifyResult> verification = new ArrayList<>();

  private Alert firstAlert;
  private int alertCount;
  private Stage stage = Stage.DETECT;
  private long stageStartedAt;
  private int stagesCompleted;
  private Outcome outcome = Outcome.OPEN;
  private String outcomeReason;
  private Severity severity;
  private double minConfidence;
  private TicketRef ticket;
  private Diagnosis found;
  private Worktree worktree;
  private FixResult fix;
  private TestReport tests;
  private FixProof proof;
  private ReviewRef review;
  private boolean awaitingApproval;
  private ApproveRequest approval;
  private RejectRequest rejection;
  private MergeResult merge;
  private DeployResult deployed;
  private RevertResult revert;
  private Promise<Void> reviewNoted = Workflow.newPromise(null);
  /** False when replaying a history recorded before the memo existed. */
  private boolean keepsMemo;
  private boolean hostFailover;

  @WorkflowInit
  public IncidentWorkflowImpl(IncidentRequest request) {
    this.incidentId = Workflow.getInfo().getWorkflowId();
    this.service = request.service();
    this.settings = request.settings() != null ? request.settings() : IncidentSettings.defaults();
  }

  @Override
  public IncidentResult run(IncidentRequest request) {
    // SignalWithStart delivers the first alert with the first workflow task
    Workflow.await(() -> firstAlert != null);
    Workflow.upsertTypedSearchAttributes(
        IncidentSearchAttributes.SERVICE.valueSet(service),
        IncidentSearchAttributes.OUTCOME.valueSet(outcome.label()));
    keepsMemo = Workflow.getVersion(IncidentMemo.CHANGE_ID, Workflow.DEFAULT_VERSION, 1) >= 1;
    String postmortem = null;
    try {
      repair();
    } catch (StageFailed failed) {
      outcome = Outcome.ESCALATED;
      outcomeReason = failed.getMessage();
      record(failed.stage, "escalated", failed.getMessage());
      escalate(failed.stage, failed.getMessage());
    }
    postmortem = close();
    Workflow.await(Workflow::isEveryHandlerFinished);
    return new IncidentResult(incidentId, outcome, outcomeReason, stagesCompleted, postmortem);
  }

  private void repair() {
    enter(Stage.DETECT);
    Detection detection = call(() -> detect.detect(new DetectRequest(incidentId, firstAlert)));
    severity = detection.severity();
    minConfidence = detection.minConfidence();
    Workflow.upsertTypedSearchAttributes(IncidentSearchAttributes.SEVERITY.valueSet(severity.name()));
    // the ticket and the log window do not depend on each other: gather them together
    Promise<TicketRef> ticketOpened =
        Async.function(tickets::openTicket, new TicketOpenRequest(incidentId, firstAlert, severity));
    Promise<LogWindow> windowCollected =
        Async.function(logs::collectWindow, new LogWindowRequest(incidentId, service, firstAlert.startsAt()));
    ticket = call(ticketOpened::get);
    complete(severity + " " + detection.summary() + "; ticket " + ticket.id());

    enter(Stage.DIAGNOSE);
    LogWindow window = call(windowCollected::get);
    found = call(() -> diagnosis.diagnose(new DiagnoseRequest(incidentId, service, firstAlert, window)));
    String rootCause = describe(found);
    // the stricter of the incident's and the service's gate
    double gate = Math.max(settings.minConfidence(), minConfidence);
    if (found.confidence() < gate) {
      throw new StageFailed(
          stage,
          String.format(
              "confidence %.2f is below %.2f for %s; a human should look",
              found.confidence(), gate, rootCause));
    }
    complete(rootCause + String.format(" (confidence %.2f, %d log lines)", found.confidence(), window.lines()));
    noteInMemo();

    enter(Stage.FIX);
    // incidents started before host failover keep the options they were recorded with
    hostFailover = Workflow.getVersion(HOST_FAILOVER, Workflow.DEFAULT_VERSION, 1) >= 1;
    worktree = call(() -> worktrees.prepareWorktree(new WorktreeRequest(incidentId, service)));
    fix = onHost("applyFix", queue -> fixer(queue).applyFix(new FixRequest(incidentId, service, worktree, found)));
    complete("recipe " + fix.recipeId() + " on " + worktree.branch() + ": " + fix.diffStat());

    enter(Stage.TEST);
    // incidents recorded before the red run go straight to the fixed tree's tests
    if (Workflow.getVersion(RED_BEFORE_FIX, Workflow.DEFAULT_VERSION, 1) >= 1) {
      proof = onHost("proveRedBeforeFix", queue -> ci(queue).proveRedBeforeFix(new ProofRequest(incidentId, service,
          worktree.path(), worktree.baseCommit(), fix.commit(), found.rootCause() == null ? null : found.rootCause().errorType())));
      if (!proof.red()) {
        throw new StageFailed(stage, "the fix is not proven: " + proof.summary());
      }
      record(stage, "proof", proof.summary());
    }
    tests = onHost("runTests", queue -> ci(queue).runTests(new TestRunRequest(incidentId, service, worktree.path(), fix.commit())));
    if (!tests.passed()) {
      throw new StageFailed(stage, "tests are red on the fix: " + tests.summary());
    }
    complete(tests.summary());

    enter(Stage.PR);
    review = onHost("openReview", queue -> Workflow.newActivityStub(ReviewActivities.class, hostOptions(StageActivityOptions.onHost(queue)))
        .openReview(new ReviewRequest(incidentId, service, worktree, found, fix, tests, proof)));
    // review notes need the origin, not the worktree: any repair host may write them
    ReviewActivities reviews = hostFailover
        ? Workflow.newActivityStub(ReviewActivities.class, StageActivityOptions.release())
        : Workflow.newActivityStub(ReviewActivities.class, StageActivityOptions.onHost(worktree.hostQueue()));
    complete(review.url() + " diff sha256 " + fix.diffSha256());
    noteInMemo();

    enter(Stage.APPROVE);
    awaitApproval();
    if (rejection != null) {
      outcome = Outcome.REJECTED;
      outcomeReason = "rejected by " + rejection.approver() + ": " + nullToEmpty(rejection.comment());
      complete(outcomeReason);
      updateReview(reviews, "rejected", rejection.approver(), rejection.comment()).get();
      return;
    }
    complete("approved by " + approval.approver());
    Promise<Void> approvalNoted = updateReview(reviews, "approved", approval.approver(), approval.comment());

    enter(Stage.DEPLOY);
    merge =
        call(() -> releaseGit.merge(new MergeRequest(incidentId, service, worktree.branch(), fix.commit())));
    approvalNoted.get();
    try {
      deployed =
          deployer.deploy(new DeployRequest(incidentId, service, merge.mergeCommit(), "fix " + incidentId));
    } catch (ActivityFailure failure) {
      record(stage, "failed", reason(failure));
      rollBack("deploy failed: " + reason(failure));
      return;
    }
    complete("merged " + shortSha(merge.mergeCommit()) + ", deployed " + deployed.deployId());

    enter(Stage.VERIFY);
    String failedProbe = verifyWindow();
    if (failedProbe != null) {
      record(stage, "failed", failedProbe);
      rollBack("verification failed: " + failedProbe);
      return;
    }
    complete(verification.size() + " probes healthy over " + settings.verifyIntervalSeconds() * settings.verifyChecks() + "s");
    outcome = Outcome.RESOLVED;
    outcomeReason = "fix deployed and verified";
    // noted on the review while the close stage runs; close() waits for it
    reviewNoted = updateReview(reviews, "merged", "selfheal", "deployed " + shortSha(merge.mergeCommit()));
  }

  /**
   * Runs a step on the host that holds the worktree. If that host does not pick the step up
   * within the incident's host wait (its worker is gone for good, e.g. a replaced container),
   * the worktree is made again on another repair host, the fix re-applied there, and the step
   * run there. Each move is on the timeline.
   */
  private <T> T onHost(String step, Function<String, T> activity) {
    for (int moves = 0; ; moves++) {
      try {
        return activity.apply(worktree.hostQueue());
      } catch (ActivityFailure failure) {
        if (!hostFailover || !hostGone(failure) || moves >= MAX_HOST_MOVES) {
          throw new StageFailed(stage, reason(failure));
        }
        String from = worktree.hostQueue();
        worktree = call(() -> worktrees.prepareWorktree(new WorktreeRequest(incidentId, service)));
        record(stage, "host moved", from + " did not pick up " + step + " within " + settings.hostWait().toSeconds()
            + "s; worktree made again on " + worktree.hostQueue());
        if (fix != null) {
          try {
            fix = fixer(worktree.hostQueue()).applyFix(new FixRequest(incidentId, service, worktree, found));
          } catch (ActivityFailure refix) {
            if (!hostGone(refix)) {
              throw new StageFailed(stage, reason(refix));
            }
            // that host is gone too: the next turn moves again
          }
        }
      }
    }
  }

  private CiActivities ci(String hostQueue) {
    return Workflow.newActivityStub(CiActivities.class, hostOptions(StageActivityOptions.testsOnHost(hostQueue)));
  }

  private FixActivities fixer(String hostQueue) {
    return Workflow.newActivityStub(FixActivities.class, hostOptions(StageActivityOptions.onHost(hostQueue)));
  }

  /** Host-queue options, with the wait that lets a step leave a host that is gone. */
  private ActivityOptions hostOptions(ActivityOptions options) {
    return hostFailover
        ? ActivityOptions.newBuilder(options).setScheduleToStartTimeout(settings.hostWait()).build()
        : options;
  }

  private static boolean hostGone(ActivityFailure failure) {
    return failure.getCause() instanceof TimeoutFailure timeout
        && timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START;
  }

  /** Waits, durably and for as long as it takes, for approve or reject; escalates each timeout. */
  private void awaitApproval() {
    awaitingApproval = true;
    Duration timeout = Duration.ofSeconds(settings.approvalTimeoutSeconds());
    int reminders = 0;
    while (!Workflow.await(timeout, () -> approval != null || rejection != null)) {
      reminders++;
      String why = "no decision after " + timeout.multipliedBy(reminders) + "; still waiting";
      record(stage, "approval timed out", why);
      escalate(stage, why);
    }
    awaitingApproval = false;
  }

  /** Probes on durable timers; returns why the first failing probe failed, or null. */
  private String verifyWindow() {
    Duration interval = Duration.ofSeconds(settings.verifyIntervalSeconds());
    for (int attempt = 1; attempt <= settings.verifyChecks(); attempt++) {
      if (!interval.isZero()) {
        Workflow.sleep(interval);
      }
      int n = attempt;
      VerifyResult probe;
      try {
        probe = verifier.verify(new VerifyRequest(incidentId, service, n));
      } catch (ActivityFailure failure) {
        probe = new VerifyResult(false, false, "probe could not run: " + reason(failure));
      }
      verification.add(probe);
      record(stage, probe.passed() ? "probe ok" : "probe failed", "#" + n + " " + probe.detail());
      if (!probe.passed()) {
        return "probe #" + n + ": " + probe.detail();
      }
    }
    return null;
  }

  /** Close-stage compensation: revert the merged fix and deploy the revert. */
  private void rollBack(String why) {
    enter(Stage.CLOSE);
    try {
      revert = releaseGit.revert(new RevertRequest(incidentId, service, merge.mergeCommit()));
      DeployResult redeploy =
          deployer.deploy(new DeployRequest(incidentId, service, revert.revertCommit(), "rollback " + incidentId));
      outcome = Outcome.ROLLED_BACK;
      outcomeReason = why;
      record(stage, "rolled back", "reverted as " + shortSha(revert.revertCommit()) + ", deployed " + redeploy.deployId());
    } catch (ActivityFailure failure) {
      throw new StageFailed(stage, why + "; rollback failed too: " + reason(failure) + " - manual action needed");
    }
  }

  /** Post-mortem, lesson and ticket; the outcome is decided, so failures here are recorded only. */
  private String close() {
    if (stage != Stage.CLOSE) {
      enter(Stage.CLOSE);
    }
    Workflow.upsertTypedSearchAttributes(IncidentSearchAttributes.OUTCOME.valueSet(outcome.label()));
    noteInMemo();
    record(stage, "outcome", outcome.label() + (outcomeReason == null ? "" : ": " + outcomeReason));
    // lesson and post-mortem are independent; run them side by side
    Promise<Void> lesson =
        found == null
            ? Workflow.newPromise(null)
            : Async.procedure(
                lessons::recordLesson,
                new LessonRequest(incidentId, service, found, fix == null ? null : fix.recipeId(), outcome));
    String postmortem = null;
    if (ticket != null) {
      postmortem = attempt("post-mortem", () -> tickets.closeWithPostmortem(new PostmortemRequest(ticket, snapshot())));
    }
    attempt("lesson", lesson::get);
    reviewNoted.get();
    complete(outcome.label() + (postmortem == null ? "" : "; post-mortem " + postmortem));
    return postmortem;
  }

  private IncidentRecord snapshot() {
    return new IncidentRecord(
        incidentId,
        service,
        outcome,
        outcomeReason,
        severity,
        alertCount,
        found,
        fix,
        tests,
        review,
        approval == null ? null : approval.approver(),
        merge,
        deployed,
        List.copyOf(verification),
        revert,
        List.copyOf(timeline));
  }

  // ---- messages ----

  @Override
  public void alert(Alert alert) {
    if (alert == null || !service.equals(alert.service())) {
      record(stage, "alert ignored", "alert for another service: " + (alert == null ? null : alert.service()));
      return;
    }
    if (firstAlert == null) {
      firstAlert = alert;
    }
    alertCount++;
    if (alert.resolved()) {
      record(stage, "alert resolved", "source reports resolved: " + alert.title());
    } else if (SupervisorAlerts.isFrom(alert)) {
      // the recover level's own account: every restart and escalation stays on the audit trail
      record(stage, "supervisor", alert.severity() + " " + alert.title());
      String restarts = alert.labels() == null ? null : alert.labels().get(SupervisorAlerts.RESTART_HISTORY);
      if (restarts != null) {
        restarts.lines().limit(RESTARTS_IN_TIMELINE).forEach(line -> record(stage, "restart", line));
      }
    } else if (alertCount <= ALERTS_IN_TIMELINE) {
      record(stage, "alert", "#" + alertCount + " " + alert.severity() + " " + alert.title());
    }
  }

  @Override
  public void approveSignal(ApproveRequest request) {
    String problem = approvalProblem(request);
    if (problem != null) {
      record(stage, "approval ignored", problem);
      return;
    }
    accept(request);
  }

  @Override
  public void validateApprove(ApproveRequest request) {
    String problem = approvalProblem(request);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  @Override
  public ApprovalReceipt approve(ApproveRequest request) {
    accept(request);
    return new ApprovalReceipt(incidentId, request.diffSha256(), request.approver(), stage.label());
  }

  @Override
  public void reject(RejectRequest request) {
    if (request == null || request.approver() == null || request.approver().isBlank()) {
      record(stage, "rejection ignored", "a rejection must name who rejects");
      return;
    }
    if (approval != null || rejection != null) {
      record(stage, "rejection ignored", "already decided; from " + request.approver());
      return;
    }
    rejection = request;
    record(stage, "rejected", request.approver() + ": " + nullToEmpty(request.comment()));
  }

  @Override
  public IncidentStatus status() {
    return new IncidentStatus(
        incidentId,
        service,
        stage.label(),
        outcome,
        severity == null ? null : severity.name(),
        alertCount,
        found == null ? null : describe(found),
        found == null ? 0 : found.confidence(),
        fix == null ? null : fix.diffSha256(),
        fix == null ? null : fix.diffPath(),
        review == null ? null : review.url(),
        awaitingApproval && approval == null && rejection == null,
        stagesCompleted);
  }

  @Override
  public List<TimelineEntry> timeline() {
    return List.copyOf(timeline);
  }

  /** Why an approval cannot be taken, or null when it can. */
  private String approvalProblem(ApproveRequest request) {
    if (request == null) {
      return "approval is empty";
    }
    if (request.approver() == null || request.approver().isBlank()) {
      return "approval must name the approver";
    }
    String who = " (from " + request.approver() + ")";
    if (approval != null || rejection != null) {
      return "incident is already decided" + who;
    }
    if (fix == null || !awaitingApproval) {
      return "no fix is awaiting approval yet; stage is " + stage.label() + who;
    }
    if (request.diffSha256() == null || !SHA256.matcher(request.diffSha256()).matches()) {
      return "diffSha256 must be the 64 lower-case hex digits of the diff's SHA-256" + who;
    }
    if (!request.diffSha256().equals(fix.diffSha256())) {
      return "diff hash " + request.diffSha256().substring(0, 12) + "… does not match the proposed diff "
          + fix.diffSha256().substring(0, 12) + "… (stale or wrong)" + who;
    }
    return null;
  }

  private void accept(ApproveRequest request) {
    approval = request;
    record(stage, "approved", request.approver() + " approved diff " + request.diffSha256().substring(0, 12)
        + "…" + (request.comment() == null || request.comment().isBlank() ? "" : ": " + request.comment()));
  }

  // ---- helpers ----

  private void enter(Stage next) {
    stage = next;
    stageStartedAt = Workflow.currentTimeMillis();
    Workflow.upsertTypedSearchAttributes(IncidentSearchAttributes.STAGE.valueSet(next.label()));
    record(next, "started", null);
    log.info("incident={} stage={} started", incidentId, next.label());
  }

  private void complete(String detail) {
    stagesCompleted++;
    long took = Workflow.currentTimeMillis() - stageStartedAt;
    record(stage, "done", detail);
    log.info("incident={} stage={} done in {}ms: {}", incidentId, stage.label(), took, detail);
  }

  private void record(Stage at, String event, String detail) {
    timeline.add(new TimelineEntry(Workflow.currentTimeMillis(), at.label(), event, detail));
    // not part of the history: the Web UI asks for it on each visit, so it is always current
    Workflow.setCurrentDetails(IncidentMemo.details(memo(), stage, timeline));
  }

  /** Service, root cause, PR and outcome where the Web UI and {@code selfheal list} show them. */
  private void noteInMemo() {
    if (keepsMemo) {
      Workflow.upsertMemo(memo().asMap());
    }
  }

  private IncidentMemo memo() {
    return new IncidentMemo(
        service,
        firstAlert == null ? null : firstAlert.title(),
        found == null ? null : describe(found) + String.format(" (confidence %.2f)", found.confidence()),
        review == null ? null : review.url(),
        fix == null ? null : fix.diffSha256(),
        outcome.label() + (outcomeReason == null ? "" : ": " + outcomeReason));
  }

  private <T> T call(Supplier<T> activity) {
    try {
      return activity.get();
    } catch (ActivityFailure failure) {
      throw new StageFailed(stage, reason(failure));
    }
  }

  /** Runs a close-stage step whose failure must not change the outcome. */
  private <T> T attempt(String what, Supplier<T> activity) {
    try {
      return activity.get();
    } catch (ActivityFailure failure) {
      record(stage, what + " failed", reason(failure));
      return null;
    }
  }

  private void escalate(Stage at, String why) {
    if (ticket == null) {
      return; // nothing to escalate on; the post-mortem and the workflow result carry the reason
    }
    attempt(
        "escalation",
        () -> {
          tickets.escalate(new EscalationRequest(incidentId, ticket, at.label(), why));
          return null;
        });
  }

  /** Starts the review update; the returned promise never fails (a failure is recorded). */
  private Promise<Void> updateReview(ReviewActivities reviews, String state, String actor, String comment) {
    return Async.procedure(
            reviews::updateReview, new ReviewUpdateRequest(incidentId, service, review, state, actor, comment))
        .handle(
            (ok, failure) -> {
              if (failure != null) {
                record(stage, "review update failed", failure instanceof ActivityFailure a ? reason(a) : String.valueOf(failure));
              }
              return null;
            });
  }

  private static String reason(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof ApplicationFailure app) {
      return app.getType() + ": " + app.getOriginalMessage();
    }
    if (cause instanceof TimeoutFailure timeout) {
      return "timed out (" + timeout.getTimeoutType() + ")";
    }
    if (cause instanceof TemporalFailure temporal) {
      return temporal.getOriginalMessage();
    }
    return String.valueOf(cause);
  }

  private static String describe(Diagnosis d) {
    return d.rootCause().errorType() + " in " + d.rootCause().service()
        + (d.rootCause().component() == null ? "" : " at " + d.rootCause().component());
  }

  private static String shortSha(String sha) {
    return sha == null || sha.length() < 10 ? sha : sha.substring(0, 10);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** A stage cannot go on; caught in {@link #run}, never leaves the workflow. */
  private static final class StageFailed extends RuntimeException {
    private final Stage stage;

    StageFailed(Stage stage, String message) {
      super(message, null, false, false);
      this.stage = stage;
    }
  }
}
