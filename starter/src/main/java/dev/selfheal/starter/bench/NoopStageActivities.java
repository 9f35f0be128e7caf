package dev.selfheal.starter.bench;

import dev.selfheal.workflows.IncidentIds;
import dev.selfheal.workflows.TaskQueues;
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
import dev.selfheal.workflows.messages.requests.*;
import dev.selfheal.workflows.messages.values.*;
import java.util.List;

/** Every stage activity answering at once, so the benchmark measures orchestration alone. */
public class NoopStageActivities
    implements DetectActivities, TicketActivities, LogActivities, DiagnosisActivities, GitActivities,
        FixActivities, CiActivities, ReviewActivities, DeployActivities, VerifyActivities, LessonActivities {
  static final String HOST = "bench";
  static final String DIFF_SHA = "0".repeat(64);
  private static final String COMMIT = "c".repeat(40);

  @Override
  public Detection detect(DetectRequest request) {
    return new Detection(Severity.P2, "bench");
  }

  @Override
  public TicketRef openTicket(TicketOpenRequest request) {
    return new TicketRef("T-" + request.incidentId(), "-");
  }

  @Override
  public void escalate(EscalationRequest request) {}

  @Override
  public String closeWithPostmortem(PostmortemRequest request) {
    return "-";
  }

  @Override
  public LogWindow collectWindow(LogWindowRequest request) {
    return new LogWindow("-", 0, 0, 0, DIFF_SHA);
  }

  @Override
  public Diagnosis diagnose(DiagnoseRequest request) {
    return new Diagnosis(
        new RootCause(request.service(), "c", "java.io.FileNotFoundException", null, null, "m"),
        "code", "bench", List.of(), List.of(), 1.0, "noop", List.of());
  }

  @Override
  public Worktree prepareWorktree(WorktreeRequest request) {
    return new Worktree("-", IncidentIds.branch(request.incidentId()), COMMIT, TaskQueues.repairHost(HOST));
  }

  @Override
  public MergeResult merge(MergeRequest request) {
    return new MergeResult(COMMIT, false);
  }

  @Override
  public RevertResult revert(RevertRequest request) {
    return new RevertResult(COMMIT, false);
  }

  @Override
  public FixResult applyFix(FixRequest request) {
    return new FixResult("noop", COMMIT, DIFF_SHA, "-", "0 files changed", List.of(), RiskClass.LOW, "no-op");
  }

  @Override
  public FixProof proveRedBeforeFix(ProofRequest request) {
    return new FixProof(true, true, List.of("NoopRegressionTest"), List.of(), "red", "-", 0);
  }

  @Override
  public TestReport runTests(TestRunRequest request) {
    return new TestReport(true, 0, "green", "-", 0, null, List.of(), List.of());
  }

  @Override
  public ReviewRef openReview(ReviewRequest request) {
    return new ReviewRef("R", "-", request.worktree().branch(), true);
  }

  @Override
  public void updateReview(ReviewUpdateRequest request) {}

  @Override
  public DeployResult deploy(DeployRequest request) {
    return new DeployResult(request.commit(), "d", false);
  }

  @Override
  public VerifyResult verify(VerifyRequest request) {
    return new VerifyResult(true, true, "ok");
  }

  @Override
  public void recordLesson(LessonRequest request) {}
}
