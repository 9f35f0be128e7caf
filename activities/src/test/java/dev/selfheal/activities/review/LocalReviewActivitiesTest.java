package dev.selfheal.activities.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.git.GitActivitiesImpl;
import dev.selfheal.activities.git.GitFixtures;
import dev.selfheal.activities.git.SelfhealCommits;
import dev.selfheal.workflows.IncidentIds;
import dev.selfheal.workflows.messages.requests.ReviewRequest;
import dev.selfheal.workflows.messages.requests.ReviewUpdateRequest;
import dev.selfheal.workflows.messages.requests.WorktreeRequest;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.FixProof;
import dev.selfheal.workflows.messages.values.FixResult;
import dev.selfheal.workflows.messages.values.ReviewRef;
import dev.selfheal.workflows.messages.values.RiskClass;
import dev.selfheal.workflows.messages.values.RootCause;
import dev.selfheal.workflows.messages.values.TestReport;
import dev.selfheal.workflows.messages.values.Worktree;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalReviewActivitiesTest {
  private static final String INCIDENT = "incident-report-service-fp9";
  private static final String BRANCH = IncidentIds.branch(INCIDENT);
  private static final String SHA = "ab".repeat(32);

  @TempDir Path tmp;
  private Path origin;
  private LocalReviewActivities reviews;
  private Worktree worktree;
  private String commit;

  @BeforeEach
  void setUp() throws Exception {
    origin = GitFixtures.bareOrigin(tmp.resolve("origin.git"), Map.of("app.txt", "one\n"));
    Workspace workspace = new Workspace(tmp.resolve("ws"));
    ServiceCatalog catalog = GitFixtures.catalog(origin, tmp.resolve("deploy"), "true", Map.of());
    worktree = new GitActivitiesImpl(catalog, workspace, "q").prepareWorktree(new WorktreeRequest(INCIDENT, GitFixtures.SERVICE));
    Path dir = Path.of(worktree.path());
    Files.writeString(dir.resolve("app.txt"), "two\n");
    try (Git git = Git.open(dir.toFile())) {
      git.add().addFilepattern("app.txt").call();
      commit = git.commit().setMessage("fix(report-service): two\n\nSelfheal-Incident: " + INCIDENT + "\n")
          .setAuthor(SelfhealCommits.ident()).setCommitter(SelfhealCommits.ident()).setSign(false).call().name();
    }
    reviews = new LocalReviewActivities(catalog, workspace);
  }

  @Test
  void openingTwiceMakesOneReviewAndPushesTheFixCommit() throws Exception {
    ReviewRef first = reviews.openReview(request());
    ReviewRef second = reviews.openReview(request());

    assertThat(first.created()).isTrue();
    assertThat(second.created()).isFalse();
    assertThat(second.id()).isEqualTo(first.id()).isEqualTo(INCIDENT);
    assertThat(second.url()).isEqualTo(first.url());
    assertThat(first.headBranch()).isEqualTo(BRANCH);
    assertThat(GitFixtures.head(origin, BRANCH)).isEqualTo(commit);

    Path dir = origin.resolve("selfheal-reviews");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList())
          .containsExactly(INCIDENT + ".json", INCIDENT + ".md");
    }
    JsonNode json = new ObjectMapper().readTree(dir.resolve(INCIDENT + ".json").toFile());
    assertThat(json.get("id").asText()).isEqualTo(INCIDENT);
    assertThat(json.get("headBranch").asText()).isEqualTo(BRANCH);
    assertThat(json.get("baseBranch").asText()).isEqualTo("main");
    assertThat(json.get("commit").asText()).isEqualTo(commit);
    assertThat(json.get("diffSha256").asText()).isEqualTo(SHA);
    assertThat(json.get("state").asText()).isEqualTo("open");
    assertThat(json.get("events")).hasSize(1);
    assertThat(json.get("title").asText())
        .isEqualTo("selfheal: FileNotFoundException in report-service — report template in /tmp vanished");
  }

  @Test
  void theReviewPageHasWhatAnApproverNeeds() throws Exception {
    ReviewRef ref = reviews.openReview(request());
    String md = Files.readString(Path.of(ref.url()));

    assertThat(md)
        .startsWith("# selfheal: FileNotFoundException in report-service — report template in /tmp vanished\n")
        .contains("## Summary", "## Root cause", "## Causal chain", "## Evidence", "## Change", "## Tests", "## Approve",
            "## Rollback plan")
        .contains("- Location: `src/main/java/Loader.java:21`")
        .contains("- Confidence: 0.87")
        .contains("1. tmp cleaner ran\n2. load failed\n")
        .contains("1 file changed, 1 insertion(+), 1 deletion(-)")
        .contains("- `app.txt`")
        .contains("- Exit code: 0")
        .contains("selfheal approve " + INCIDENT + " --diff " + SHA)
        .contains("temporal workflow signal --workflow-id " + INCIDENT + " --name approve --input '{\"diffSha256\":\"" + SHA
            + "\",\"approver\":\"you\",\"comment\":\"lgtm\"}'")
        .contains("git revert -m 1 <merge commit>");
    // evidence lines are cut at 300 characters
    assertThat(md).contains("x".repeat(300) + "…").doesNotContain("x".repeat(301));
    // a backtick fence inside the evidence cannot close the block early
    assertThat(md).contains("````text\n");
  }

  @Test
  void anIdenticalUpdateIsRecordedOnce() throws Exception {
    ReviewRef ref = reviews.openReview(request());
    ReviewUpdateRequest approve = new ReviewUpdateRequest(INCIDENT, GitFixtures.SERVICE, ref, "approved", "alice", "lgtm");

    reviews.updateReview(approve);
    reviews.updateReview(approve);
    reviews.updateReview(new ReviewUpdateRequest(INCIDENT, GitFixtures.SERVICE, ref, "merged", "selfheal", "deployed"));

    JsonNode json = new ObjectMapper().readTree(origin.resolve("selfheal-reviews").resolve(INCIDENT + ".json").toFile());
    assertThat(json.get("state").asText()).isEqualTo("merged");
    assertThat(json.get("events")).hasSize(3);
    assertThat(json.get("events").get(1).get("state").asText()).isEqualTo("approved");
    assertThat(json.get("events").get(1).get("actor").asText()).isEqualTo("alice");
    assertThat(json.get("events").get(1).get("comment").asText()).isEqualTo("lgtm");
  }

  @Test
  void aBranchOnOriginWithOtherWorkIsNotOverwritten() throws Exception {
    String other = GitFixtures.commit(origin, BRANCH, Map.of("app.txt", "someone else\n"), List.of(), "other work");

    assertThatThrownBy(() -> reviews.openReview(request()))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("MERGE_CONFLICT");
          assertThat(f.getOriginalMessage()).contains("refusing to force-push");
        });
    assertThat(GitFixtures.head(origin, BRANCH)).isEqualTo(other);
    assertThat(origin.resolve("selfheal-reviews").resolve(INCIDENT + ".json")).doesNotExist();
  }

  @Test
  void updatingAReviewThatDoesNotExistIsRefused() {
    ReviewRef missing = new ReviewRef("incident-report-service-nope", "x", BRANCH, true);
    assertThatThrownBy(() -> reviews.updateReview(
            new ReviewUpdateRequest(INCIDENT, GitFixtures.SERVICE, missing, "approved", "a", "b")))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getOriginalMessage()).contains("does not exist"));
  }

  private ReviewRequest request() {
    Diagnosis diagnosis = new Diagnosis(
        new RootCause("report-service", "report-job", "java.io.FileNotFoundException", "src/main/java/Loader.java", 21,
            "template not found: /tmp/x/report-template.html (No such file or directory)"),
        "missing-volatile-file",
        "report template in /tmp vanished",
        List.of("tmp cleaner ran", "load failed"),
        List.of("ERROR template not found", "x".repeat(400), "a ``` fence in a log line"),
        0.87,
        "relocate-volatile-resource",
        List.of());
    FixResult fix = new FixResult("relocate-volatile-resource", commit, SHA, "/ws/fix.diff",
        "1 file changed, 1 insertion(+), 1 deletion(-)", List.of("app.txt"), RiskClass.MEDIUM, "code change");
    TestReport tests = new TestReport(true, 0, "12 passed, 0 failed", "/ws/tests.log", 4200, null, List.of(), List.of());
    return new ReviewRequest(INCIDENT, GitFixtures.SERVICE, worktree, diagnosis, fix, tests,
        new FixProof(true, true, List.of("src/test/AppRegressionTest.java"), List.of("AppRegressionTest.loads"),
            "red before the fix: AppRegressionTest fails with the diagnosed IOException", "/ws/before.log", 900));
  }
}
