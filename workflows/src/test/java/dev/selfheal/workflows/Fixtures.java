package dev.selfheal.workflows;

import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.DeployResult;
import dev.selfheal.workflows.messages.values.Detection;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.FixProof;
import dev.selfheal.workflows.messages.values.FixResult;
import dev.selfheal.workflows.messages.values.IncidentSettings;
import dev.selfheal.workflows.messages.values.LogWindow;
import dev.selfheal.workflows.messages.values.MergeResult;
import dev.selfheal.workflows.messages.values.RevertResult;
import dev.selfheal.workflows.messages.values.ReviewRef;
import dev.selfheal.workflows.messages.values.RiskClass;
import dev.selfheal.workflows.messages.values.RootCause;
import dev.selfheal.workflows.messages.values.Severity;
import dev.selfheal.workflows.messages.values.TestCounts;
import dev.selfheal.workflows.messages.values.TestReport;
import dev.selfheal.workflows.messages.values.TicketRef;
import dev.selfheal.workflows.messages.values.VerifyResult;
import dev.selfheal.workflows.messages.values.Worktree;
import java.util.List;
import java.util.Map;

/** Values the mocked activities answer with. */
final class Fixtures {
  static final String SERVICE = "report-service";
  static final String HOST_QUEUE = TaskQueues.repairHost("test-host");
  static final String DIFF_SHA = "a".repeat(64);
  static final String FIX_COMMIT = "1111111111111111111111111111111111111111";
  static final String MERGE_COMMIT = "2222222222222222222222222222222222222222";
  static final String REVERT_COMMIT = "3333333333333333333333333333333333333333";

  private Fixtures() {}

  static Alert alert(String fingerprint) {
    return new Alert(
        "generic", SERVICE, fingerprint, "report jobs failing", "critical",
        "2026-11-23T10:00:00Z", "firing", Map.of("team", "bi"), Map.of());
  }

  static IncidentSettings settings() {
    return new IncidentSettings(3600, 3, 30, 0.5);
  }

  static Detection detection() {
    return new Detection(Severity.P1, "'report jobs failing' from generic");
  }

  static TicketRef ticket() {
    return new TicketRef("TICKET-1", "/tmp/ticket.md");
  }

  static LogWindow window() {
    return new LogWindow("/tmp/window.jsonl", 120, 40, 0, "b".repeat(64));
  }

  static Diagnosis diagnosis(double confidence) {
    return new Diagnosis(
        new RootCause(SERVICE, "TemplateLoader", "java.io.FileNotFoundException",
            "src/main/java/TemplateLoader.java", 21, "template not found: /tmp/t.html"),
        "code", "template under /tmp vanished",
        List.of("FileNotFoundException", "ReportGenerationException", "ReportDeliveryException"),
        List.of("{\"level\":\"ERROR\"}"), confidence, "relocate-volatile-resource", List.of());
  }

  static Worktree worktree(String incidentId) {
    return new Worktree("/tmp/wt", IncidentIds.branch(incidentId), "0".repeat(40), HOST_QUEUE);
  }

  static FixResult fix() {
    return new FixResult("relocate-volatile-resource", FIX_COMMIT, DIFF_SHA, "/tmp/fix.diff",
        "3 files changed, 10 insertions(+), 4 deletions(-)", List.of("a", "b", "c"), RiskClass.MEDIUM, "code change");
  }

  static FixProof provenRed() {
    return new FixProof(true, true, List.of("src/test/java/app/LoaderRegressionTest.java"), List.of("LoaderRegressionTest.loads"),
        "red before the fix: LoaderRegressionTest fails with the diagnosed FileNotFoundException", "/tmp/before.log", 1200);
  }

  static TestReport green() {
    return new TestReport(true, 0, "green: 6 passed, 0 failed", "/tmp/tests.log", 1200,
        new TestCounts(6, 0, 0, 0, 1, 0), List.of(), List.of());
  }

  static TestReport red() {
    return new TestReport(false, 1, "red (exit 1): 5 passed, 1 failed", "/tmp/tests.log", 1200,
        new TestCounts(6, 1, 0, 0, 1, 0), List.of("FooTest.bar: expected 1 but was 2"), List.of());
  }

  static ReviewRef review(String incidentId) {
    return new ReviewRef("PR-1", "/tmp/reviews/" + incidentId + ".md", IncidentIds.branch(incidentId), true);
  }

  static MergeResult merged() {
    return new MergeResult(MERGE_COMMIT, false);
  }

  static DeployResult deployed(String commit) {
    return new DeployResult(commit, "deploy-" + commit.substring(0, 10), false);
  }

  static RevertResult reverted() {
    return new RevertResult(REVERT_COMMIT, false);
  }

  static VerifyResult healthy() {
    return new VerifyResult(true, true, "health 200; job 200");
  }

  static VerifyResult unhealthy() {
    return new VerifyResult(false, true, "health 503");
  }
}
