package dev.selfheal.workflows;

import dev.selfheal.workflows.messages.requests.ProofRequest;
import dev.selfheal.workflows.messages.values.FixProof;
import java.util.List;
import java.util.Map;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.SupervisorAlerts;
import dev.selfheal.workflows.messages.values.Severity;

import dev.selfheal.workflows.messages.values.Detection;

import dev.selfheal.workflows.messages.requests.WorktreeRequest;
import dev.selfheal.workflows.messages.values.IncidentSettings;
import dev.selfheal.workflows.messages.values.Worktree;

import static dev.selfheal.workflows.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.selfheal.workflows.messages.commands.ApprovalReceipt;
import dev.selfheal.workflows.messages.commands.ApproveRequest;
import dev.selfheal.workflows.messages.commands.IncidentResult;
import dev.selfheal.workflows.messages.commands.RejectRequest;
import dev.selfheal.workflows.messages.queries.IncidentStatus;
import dev.selfheal.workflows.messages.queries.TimelineEntry;
import dev.selfheal.workflows.messages.values.Outcome;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IncidentWorkflowTest {
  private static final ActivityMocks mocks = new ActivityMocks();
  private static final AtomicInteger fingerprints = new AtomicInteger();
  private static TestWorkflowEnvironment env;
  private static WorkflowClient client;
  private static IncidentClient incidents;

  @BeforeAll
  static void startServer() {
    env = TestWorkflowEnvironment.newInstance();
    for (var key : IncidentSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    env.newWorker(TaskQueues.ORCHESTRATION).registerWorkflowImplementationTypes(IncidentWorkflowImpl.class);
    env.newWorker(TaskQueues.IO).registerActivitiesImplementations(mocks.io().toArray());
    for (String queue : new String[] {TaskQueues.REPAIR, HOST_QUEUE}) {
      Worker worker = env.newWorker(queue);
      worker.registerActivitiesImplementations(mocks.repair().toArray());
    }
    env.start();
    client = env.getWorkflowClient();
    incidents = new IncidentClient(client);
  }

  @AfterAll
  static void stopServer() {
    env.close();
  }

  @BeforeEach
  void happyPath() {
    mocks.reset();
    when(mocks.detect.detect(any())).thenReturn(detection());
    when(mocks.tickets.openTicket(any())).thenReturn(ticket());
    when(mocks.tickets.closeWithPostmortem(any())).thenReturn("/tmp/postmortem.md");
    when(mocks.logs.collectWindow(any())).thenReturn(window());
    when(mocks.diagnosis.diagnose(any())).thenReturn(diagnosis(0.9));
    when(mocks.git.prepareWorktree(any())).thenAnswer(i -> worktree(i.<dev.selfheal.workflows.messages.requests.WorktreeRequest>getArgument(0).incidentId()));
    when(mocks.fix.applyFix(any())).thenReturn(fix());
    when(mocks.ci.proveRedBeforeFix(any())).thenReturn(provenRed());
    when(mocks.ci.runTests(any())).thenReturn(green());
    when(mocks.review.openReview(any())).thenAnswer(i -> review(i.<dev.selfheal.workflows.messages.requests.ReviewRequest>getArgument(0).incidentId()));
    when(mocks.git.merge(any())).thenReturn(merged());
    when(mocks.deploy.deploy(any())).thenAnswer(i -> deployed(i.<dev.selfheal.workflows.messages.requests.DeployRequest>getArgument(0).commit()));
    when(mocks.verify.verify(any())).thenReturn(healthy());
    when(mocks.git.revert(any())).thenReturn(reverted());
  }

  private String raise() {
    return incidents.raise(alert("fp-" + fingerprints.incrementAndGet()), settings());
  }

  private IncidentStatus awaitStatus(String id, Predicate<IncidentStatus> condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    IncidentStatus status = incidents.incident(id).status();
    while (!condition.test(status)) {
      assertThat(System.currentTimeMillis()).as("waiting for %s, last status %s", id, status).isLessThan(deadline);
      Thread.sleep(20);
      status = incidents.incident(id).status();
    }
    return status;
  }

  private static IncidentResult result(String id) {
    return client.newUntypedWorkflowStub(id).getResult(IncidentResult.class);
  }

  @Test
  void approvedFixIsDeployedVerifiedAndResolved() throws Exception {
    String id = raise();
    IncidentStatus waiting = awaitStatus(id, IncidentStatus::awaitingApproval);
    assertThat(waiting.diffSha256()).isEqualTo(DIFF_SHA);
    assertThat(waiting.stage()).isEqualTo("approve");

    ApprovalReceipt receipt = incidents.incident(id).approve(new ApproveRequest(DIFF_SHA, "alice", "lgtm"));
    assertThat(receipt.approver()).isEqualTo("alice");

    IncidentResult result = result(id);
    assertThat(result.outcome()).isEqualTo(Outcome.RESOLVED);
    assertThat(result.stagesCompleted()).isEqualTo(9);
    verify(mocks.git, times(1)).merge(argThat(m -> m.commit().equals(FIX_COMMIT)));
    verify(mocks.deploy, times(1)).deploy(argThat(d -> d.commit().equals(MERGE_COMMIT)));
    verify(mocks.verify, times(3)).verify(any());
    verify(mocks.git, never()).revert(any());
    verify(mocks.tickets).closeWithPostmortem(argThat(p -> p.record().outcome() == Outcome.RESOLVED && p.record().approvedBy().equals("alice")));

    var described = client.newUntypedWorkflowStub(id).describe();
    assertThat(described.getTypedSearchAttributes().get(IncidentSearchAttributes.OUTCOME)).isEqualTo("resolved");
    assertThat(described.getTypedSearchAttributes().get(IncidentSearchAttributes.STAGE)).isEqualTo("close");
    assertThat(described.getTypedSearchAttributes().get(IncidentSearchAttributes.SERVICE)).isEqualTo(SERVICE);
    // what the Web UI shows: memo with the root cause, the review and the outcome
    assertThat((String) described.getMemo("service", String.class)).isEqualTo(SERVICE);
    assertThat((String) described.getMemo("rootCause", String.class)).contains("FileNotFoundException");
    assertThat(described.getMemo("diffSha256", String.class)).isEqualTo(DIFF_SHA);
    assertThat((String) described.getMemo("review", String.class)).isNotBlank();
    assertThat((String) described.getMemo("outcome", String.class)).startsWith("resolved");
  }

  @Test
  void workForAHostThatIsGoneMovesToAnotherHost() throws Exception {
    String gone = TaskQueues.repairHost("replaced-container");
    doAnswer(i -> new Worktree("/tmp/wt", IncidentIds.branch(i.<WorktreeRequest>getArgument(0).incidentId()), "0".repeat(40), gone))
        .doAnswer(i -> worktree(i.<WorktreeRequest>getArgument(0).incidentId()))
        .when(mocks.git).prepareWorktree(any());
    IncidentSettings quickMove = new IncidentSettings(3600, 1, 0, 0.5, 1);
    String id = incidents.raise(alert("fp-" + fingerprints.incrementAndGet()), quickMove);

    IncidentStatus waiting = awaitStatus(id, IncidentStatus::awaitingApproval);
    incidents.incident(id).approve(new ApproveRequest(waiting.diffSha256(), "alice", null));

    assertThat(result(id).outcome()).isEqualTo(Outcome.RESOLVED);
    verify(mocks.git, times(2)).prepareWorktree(any());
    verify(mocks.fix, times(1)).applyFix(argThat(f -> f.worktree().hostQueue().equals(HOST_QUEUE)));
    assertThat(incidents.incident(id).timeline())
        .anySatisfy(e -> assertThat(e.event() + " " + e.detail()).contains("host moved").contains(gone).contains(HOST_QUEUE));
  }

  @Test
  void repeatedAlertJoinsTheRunningIncident() throws Exception {
    var alert = alert("fp-join-" + fingerprints.incrementAndGet());
    String first = incidents.raise(alert, settings());
    String second = incidents.raise(alert, settings());
    assertThat(second).isEqualTo(first);
    IncidentStatus status = awaitStatus(first, s -> s.alertCount() == 2 && s.awaitingApproval());
    assertThat(status.alertCount()).isEqualTo(2);
    verify(mocks.detect, times(1)).detect(any());
    client.newUntypedWorkflowStub(first).signal("reject", new RejectRequest("bob", "not now"));
    assertThat(result(first).outcome()).isEqualTo(Outcome.REJECTED);
  }

  @Test
  void aSupervisorsEscalationPutsEveryRestartOnTheTimeline() throws Exception {
    String fingerprint = "flapping-" + fingerprints.incrementAndGet();
    Map<String, String> labels = Map.of(SupervisorAlerts.RESTART_HISTORY,
        "crash 10:00:01Z backoff 1s restart 10:00:02Z exit 1\n"
            + "crash 10:00:05Z backoff 2s restart 10:00:07Z exit 1\n"
            + "crash 10:00:11Z backoff 4s restart 10:00:15Z exit 1\n");
    Alert flapping = new Alert(SupervisorAlerts.SOURCE, SERVICE, fingerprint, "report-service is flapping: 3 crashes in 14 s",
        "high", "2026-11-23T10:00:16Z", "firing", labels, Map.of());
    String id = incidents.raise(flapping, settings());
    awaitStatus(id, IncidentStatus::awaitingApproval);

    List<TimelineEntry> timeline = incidents.incident(id).timeline();
    assertThat(timeline).filteredOn(e -> e.event().equals("supervisor"))
        .singleElement().satisfies(e -> assertThat(e.detail()).contains("flapping: 3 crashes"));
    assertThat(timeline).filteredOn(e -> e.event().equals("restart")).extracting(TimelineEntry::detail)
        .containsExactly("crash 10:00:01Z backoff 1s restart 10:00:02Z exit 1",
            "crash 10:00:05Z backoff 2s restart 10:00:07Z exit 1", "crash 10:00:11Z backoff 4s restart 10:00:15Z exit 1");
    client.newUntypedWorkflowStub(id).signal("reject", new RejectRequest("bob", "not now"));
    assertThat(result(id).outcome()).isEqualTo(Outcome.REJECTED);
  }

  @Test
  void rejectionClosesWithoutMerging() throws Exception {
    String id = raise();
    awaitStatus(id, IncidentStatus::awaitingApproval);
    incidents.incident(id).reject(new RejectRequest("bob", "wrong layer"));

    IncidentResult result = result(id);
    assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(result.reason()).contains("bob").contains("wrong layer");
    verify(mocks.git, never()).merge(any());
    verify(mocks.deploy, never()).deploy(any());
    verify(mocks.review).updateReview(argThat(r -> r.state().equals("rejected")));
  }

  @Test
  void approvalForAnotherDiffIsRefusedAndIgnored() throws Exception {
    String id = raise();
    awaitStatus(id, IncidentStatus::awaitingApproval);
    String stale = "b".repeat(64);

    client.newUntypedWorkflowStub(id).signal("approve", new ApproveRequest(stale, "mallory", "ship it"));
    IncidentStatus still = awaitStatus(id, s -> incidents.incident(id).timeline().stream().anyMatch(e -> e.event().equals("approval ignored")));
    assertThat(still.awaitingApproval()).isTrue();
    TimelineEntry ignored = incidents.incident(id).timeline().stream().filter(e -> e.event().equals("approval ignored")).findFirst().orElseThrow();
    assertThat(ignored.detail()).contains("does not match").contains("mallory");

    WorkflowStub untyped = client.newUntypedWorkflowStub(id);
    assertThatThrownBy(() -> untyped.update("approve", ApprovalReceipt.class, new ApproveRequest(stale, "mallory", "")))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("diff hash bbbbbbbbbbbb… does not match the proposed diff aaaaaaaaaaaa… (stale or wrong) (from mallory)");
    assertThatThrownBy(() -> untyped.update("approve", ApprovalReceipt.class, new ApproveRequest(DIFF_SHA, " ", "")))
        .isInstanceOf(WorkflowUpdateException.class);
    verify(mocks.git, never()).merge(any());

    untyped.update("approve", ApprovalReceipt.class, new ApproveRequest(DIFF_SHA, "alice", "checked"));
    assertThat(result(id).outcome()).isEqualTo(Outcome.RESOLVED);
  }

  @Test
  void unansweredApprovalEscalatesAndKeepsWaiting() throws Exception {
    String id = raise();
    awaitStatus(id, IncidentStatus::awaitingApproval);
    env.sleep(Duration.ofHours(3).plusMinutes(1)); // timeout is 1 h in these settings

    verify(mocks.tickets, atLeast(3)).escalate(argThat(e -> e.stage().equals("approve") && e.reason().contains("still waiting")));
    assertThat(incidents.incident(id).status().awaitingApproval()).isTrue();
    verify(mocks.git, never()).merge(any());

    client.newUntypedWorkflowStub(id).signal("approve", new ApproveRequest(DIFF_SHA, "carol", "sorry, was away"));
    assertThat(result(id).outcome()).isEqualTo(Outcome.RESOLVED);
  }

  @Test
  void failedVerificationRevertsRedeploysAndRollsBack() throws Exception {
    when(mocks.verify.verify(any())).thenReturn(healthy(), unhealthy());
    String id = raise();
    awaitStatus(id, IncidentStatus::awaitingApproval);
    incidents.incident(id).approve(new ApproveRequest(DIFF_SHA, "alice", null));

    IncidentResult result = result(id);
    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.reason()).contains("verification failed").contains("health 503");
    verify(mocks.git, times(1)).revert(argThat(r -> r.mergeCommit().equals(MERGE_COMMIT)));
    verify(mocks.deploy, times(1)).deploy(argThat(d -> d.commit().equals(MERGE_COMMIT)));
    verify(mocks.deploy, times(1)).deploy(argThat(d -> d.commit().equals(REVERT_COMMIT)));
    verify(mocks.verify, times(2)).verify(any());
  }

  @Test
  void lowConfidenceEscalatesWithoutPatching() {
    when(mocks.diagnosis.diagnose(any())).thenReturn(diagnosis(0.2));
    IncidentResult result = result(raise());
    assertThat(result.outcome()).isEqualTo(Outcome.ESCALATED);
    assertThat(result.reason()).contains("confidence 0.20 is below 0.50");
    verify(mocks.git, never()).prepareWorktree(any());
    verify(mocks.tickets).escalate(argThat(e -> e.stage().equals("diagnose")));
  }

  @Test
  void aServiceWithAStricterGateEscalatesWhatTheIncidentsGateWouldPass() {
    when(mocks.detect.detect(any())).thenReturn(new Detection(Severity.P1, "payments", 0.95));
    when(mocks.diagnosis.diagnose(any())).thenReturn(diagnosis(0.9));
    IncidentResult result = result(raise());
    assertThat(result.outcome()).isEqualTo(Outcome.ESCALATED);
    assertThat(result.reason()).contains("confidence 0.90 is below 0.95");
    verify(mocks.git, never()).prepareWorktree(any());
  }

  @Test
  void redTestsEscalateWithoutReview() {
    when(mocks.ci.runTests(any())).thenReturn(red());
    IncidentResult result = result(raise());
    assertThat(result.outcome()).isEqualTo(Outcome.ESCALATED);
    assertThat(result.reason()).contains("tests are red");
    verify(mocks.review, never()).openReview(any());
  }

  @Test
  void aFixWhoseRegressionTestPassesBeforeTheFixIsNotProvenAndEscalates() {
    when(mocks.ci.proveRedBeforeFix(any())).thenReturn(new FixProof(false, false, List.of("src/test/ARegressionTest.java"),
        List.of(), "not proven: ARegressionTest passes on the tree before the fix (exit 0)", "/tmp/before.log", 10));
    IncidentResult result = result(raise());
    assertThat(result.outcome()).isEqualTo(Outcome.ESCALATED);
    assertThat(result.reason()).contains("the fix is not proven: not proven: ARegressionTest passes on the tree before the fix");
    verify(mocks.ci, never()).runTests(any());
    verify(mocks.review, never()).openReview(any());
  }

  @Test
  void theRedRunBeforeTheFixIsProvenOnTheFixesBaseAndReachesTheReview() throws Exception {
    String id = raise();
    awaitStatus(id, IncidentStatus::awaitingApproval);

    org.mockito.ArgumentCaptor<ProofRequest> asked = org.mockito.ArgumentCaptor.forClass(ProofRequest.class);
    verify(mocks.ci).proveRedBeforeFix(asked.capture());
    assertThat(asked.getValue().baseCommit()).isEqualTo(worktree(id).baseCommit());
    assertThat(asked.getValue().fixCommit()).isEqualTo(FIX_COMMIT);
    assertThat(asked.getValue().diagnosedErrorType()).isEqualTo(diagnosis(0.9).rootCause().errorType());
    org.mockito.ArgumentCaptor<dev.selfheal.workflows.messages.requests.ReviewRequest> review =
        org.mockito.ArgumentCaptor.forClass(dev.selfheal.workflows.messages.requests.ReviewRequest.class);
    verify(mocks.review).openReview(review.capture());
    assertThat(review.getValue().proof()).isEqualTo(provenRed());
    assertThat(incidents.incident(id).timeline()).anyMatch(e -> e.event().equals("proof") && e.detail().startsWith("red before the fix"));
    client.newUntypedWorkflowStub(id).signal("reject", new RejectRequest("bob", "not now"));
    assertThat(result(id).outcome()).isEqualTo(Outcome.REJECTED);
  }

  @Test
  void unknownServiceEscalatesWithTheReason() {
    when(mocks.detect.detect(any()))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("service 'report-service' is not in the catalog", Errors.UNKNOWN_SERVICE.name()));
    IncidentResult result = result(raise());
    assertThat(result.outcome()).isEqualTo(Outcome.ESCALATED);
    assertThat(result.reason()).startsWith("UNKNOWN_SERVICE: service 'report-service' is not in the catalog");
    verify(mocks.detect, times(1)).detect(any()); // non-retryable: one attempt
    verify(mocks.tickets, never()).openTicket(any());
  }

  @Test
  void missingLogEscalatesFromDiagnose() {
    when(mocks.logs.collectWindow(any()))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("log file /x.jsonl of service report-service does not exist", Errors.LOG_NOT_FOUND.name()));
    IncidentResult result = result(raise());
    assertThat(result.outcome()).isEqualTo(Outcome.ESCALATED);
    assertThat(result.reason()).contains("LOG_NOT_FOUND").contains("/x.jsonl");
    verify(mocks.tickets).closeWithPostmortem(argThat(p -> p.record().outcome() == Outcome.ESCALATED));
  }
}
