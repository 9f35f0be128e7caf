package dev.selfheal.activities.review;

import static dev.selfheal.activities.review.FakeCodeHostApi.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.git.GitActivitiesImpl;
import dev.selfheal.activities.git.GitFixtures;
import dev.selfheal.activities.git.SelfhealCommits;
import dev.selfheal.activities.review.FakeCodeHostApi.Reply;
import dev.selfheal.workflows.IncidentIds;
import dev.selfheal.workflows.activities.ReviewActivities;
import dev.selfheal.workflows.messages.requests.ReviewRequest;
import dev.selfheal.workflows.messages.requests.ReviewUpdateRequest;
import dev.selfheal.workflows.messages.requests.WorktreeRequest;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.FixProof;
import dev.selfheal.workflows.messages.values.FixResult;
import dev.selfheal.workflows.messages.values.RiskClass;
import dev.selfheal.workflows.messages.values.ReviewRef;
import dev.selfheal.workflows.messages.values.RootCause;
import dev.selfheal.workflows.messages.values.TestReport;
import dev.selfheal.workflows.messages.values.Worktree;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestEnvironmentOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review activities against a real git origin and a local server answering like GitHub or
 * GitLab, run as activities (the incident link takes its namespace from the activity context).
 */
class CodeHostReviewActivitiesTest {
  private static final String INCIDENT = "incident-report-service-fp9";
  private static final String BRANCH = IncidentIds.branch(INCIDENT);
  private static final String SHA = "ab".repeat(32);
  private static final String PULLS = "/repos/acme/report-service/pulls";
  private static final String MRS = "/projects/acme%2Freport-service/merge_requests";
  private static final String SECRET = "hunter2hunter2";

  @TempDir Path tmp;
  private Path origin;
  private ServiceCatalog catalog;
  private Workspace workspace;
  private Worktree worktree;
  private String commit;
  private FakeCodeHostApi api;
  private TestActivityEnvironment env;

  @BeforeEach
  void setUp() throws Exception {
    origin = GitFixtures.bareOrigin(tmp.resolve("origin.git"), Map.of("app.txt", "one\n"));
    workspace = new Workspace(tmp.resolve("ws"));
    catalog = GitFixtures.catalog(origin, tmp.resolve("deploy"), "true", Map.of());
    worktree = new GitActivitiesImpl(catalog, workspace, "q").prepareWorktree(new WorktreeRequest(INCIDENT, GitFixtures.SERVICE));
    Path dir = Path.of(worktree.path());
    Files.writeString(dir.resolve("app.txt"), "two\n");
    try (Git git = Git.open(dir.toFile())) {
      git.add().addFilepattern("app.txt").call();
      commit = git.commit().setMessage("fix(report-service): two\n\nSelfheal-Incident: " + INCIDENT + "\n")
          .setAuthor(SelfhealCommits.ident()).setCommitter(SelfhealCommits.ident()).setSign(false).call().name();
    }
    api = new FakeCodeHostApi();
    env = TestActivityEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setNamespace("prod").build())
        .build());
  }

  @AfterEach
  void tearDown() {
    env.close();
    api.close();
  }

  @Test
  void openingTwicePushesTheBranchAndOpensOnePullRequest() throws Exception {
    githubKeepingState();
    ReviewActivities reviews = stub(CodeHostKind.GITHUB, Map.of("GITHUB_TOKEN", "ghp_x"));

    ReviewRef first = reviews.openReview(request());
    ReviewRef second = reviews.openReview(request());

    assertThat(first).isEqualTo(new ReviewRef("42", "https://github.com/acme/report-service/pull/42", BRANCH, true));
    assertThat(second).isEqualTo(new ReviewRef("42", "https://github.com/acme/report-service/pull/42", BRANCH, false));
    assertThat(GitFixtures.head(origin, BRANCH)).isEqualTo(commit);
    assertThat(api.calls("POST", PULLS)).hasSize(1);
    assertThat(api.calls("PATCH", PULLS + "/42")).hasSize(1);
    assertThat(api.calls("POST", "/repos/acme/report-service/issues/42/labels")).hasSize(2);
  }

  @Test
  void aWorkerThatDiedAfterCreatingThePullRequestOpensNoSecondOne() {
    AtomicBoolean created = githubKeepingState();
    // the labels call after the create fails, as if the worker had died right after the POST
    api.on("POST", "/repos/acme/report-service/issues/42/labels",
        new Reply(502, Map.of(), "bad gateway"), Reply.json(200, resource("github/labels.json")));
    ReviewActivities reviews = stub(CodeHostKind.GITHUB, Map.of("GITHUB_TOKEN", "ghp_x"));

    assertThatThrownBy(() -> reviews.openReview(request()))
        .isInstanceOfSatisfying(ActivityFailure.class, f -> assertThat(f.getCause())
            .isInstanceOfSatisfying(ApplicationFailure.class, cause -> {
              assertThat(cause.isNonRetryable()).isFalse();
              assertThat(cause.getType()).isEqualTo("CODE_HOST_UNAVAILABLE");
            }));
    assertThat(created).isTrue();
    ReviewRef retried = reviews.openReview(request());

    assertThat(retried.id()).isEqualTo("42");
    assertThat(api.calls("POST", PULLS)).hasSize(1);
    assertThat(api.calls("PATCH", PULLS + "/42")).hasSize(1);
  }

  @Test
  void thePullRequestBodyLinksTheIncidentAndCarriesNoSecretFromTheLogs() throws Exception {
    githubKeepingState();

    stub(CodeHostKind.GITHUB, Map.of("GITHUB_TOKEN", "ghp_x")).openReview(request());

    JsonNode post = new ObjectMapper().readTree(api.calls("POST", PULLS).get(0).body());
    assertThat(post.get("title").asText())
        .isEqualTo("selfheal: FileNotFoundException in report-service — report template in /tmp vanished");
    assertThat(post.get("head").asText()).isEqualTo(BRANCH);
    assertThat(post.get("base").asText()).isEqualTo("main");
    assertThat(post.get("body").asText())
        .contains("[open in the Temporal Web UI](http://localhost:8233/namespaces/prod/workflows/" + INCIDENT + ")")
        .contains("- Diff SHA-256: `" + SHA + "`", "```mermaid", "## Risk", "## Rollback plan")
        .contains("password=[REDACTED")
        .doesNotContain(SECRET);
    assertThat(new ObjectMapper().readTree(api.calls("POST", "/repos/acme/report-service/issues/42/labels").get(0).body())
        .toString()).isEqualTo("{\"labels\":[\"selfheal\"]}");
  }

  @Test
  void aMissingTokenIsNotRetriedAndNothingIsPushed() throws Exception {
    ReviewActivities reviews = stub(CodeHostKind.GITHUB, Map.of());

    assertThatThrownBy(() -> reviews.openReview(request()))
        .isInstanceOfSatisfying(ActivityFailure.class, f -> assertThat(f.getCause())
            .isInstanceOfSatisfying(ApplicationFailure.class, cause -> {
              assertThat(cause.isNonRetryable()).isTrue();
              assertThat(cause.getType()).isEqualTo("CONFIG_INVALID");
              assertThat(cause.getOriginalMessage()).contains("GITHUB_TOKEN is not set");
            }));
    assertThat(api.calls()).isEmpty();
    try (var repo = GitFixtures.open(origin)) {
      assertThat(repo.exactRef("refs/heads/" + BRANCH)).isNull();
    }
  }

  @Test
  void aDecisionIsCommentedOnceHoweverOftenItIsRecorded() throws Exception {
    githubKeepingState();
    List<String> posted = new CopyOnWriteArrayList<>();
    api.on("POST", "/repos/acme/report-service/issues/42/comments", call -> {
      posted.add(call.body());
      return Reply.json(201, resource("github/comment.json"));
    }).on("GET", "/repos/acme/report-service/issues/42/comments", call -> Reply.json(200,
        "[" + String.join(",", posted) + "]"));
    ReviewActivities reviews = stub(CodeHostKind.GITHUB, Map.of("GITHUB_TOKEN", "ghp_x"));
    ReviewRef ref = reviews.openReview(request());
    ReviewUpdateRequest approve = new ReviewUpdateRequest(INCIDENT, GitFixtures.SERVICE, ref, "approved", "alice", "lgtm @everyone");

    reviews.updateReview(approve);
    reviews.updateReview(approve);
    reviews.updateReview(new ReviewUpdateRequest(INCIDENT, GitFixtures.SERVICE, ref, "merged", "selfheal", "deployed abc1234"));

    assertThat(posted).hasSize(2);
    String first = new ObjectMapper().readTree(posted.get(0)).get("body").asText();
    assertThat(first).startsWith("selfheal: **approved** by `alice` for incident `" + INCIDENT + "`")
        .contains("```text\nlgtm @everyone\n```").contains("<!-- selfheal-event ");
  }

  @Test
  void gitLabOpeningTwiceOpensOneMergeRequestWithTheLabels() throws Exception {
    AtomicInteger posts = new AtomicInteger();
    api.on("GET", MRS, call -> Reply.json(200, posts.get() > 0 ? resource("gitlab/merge-requests-open.json") : "[]"))
        .on("POST", MRS, call -> {
          posts.incrementAndGet();
          return Reply.json(201, resource("gitlab/merge-request.json"));
        })
        .on("PUT", MRS + "/7", Reply.json(200, resource("gitlab/merge-request.json")));
    ReviewActivities reviews = stub(CodeHostKind.GITLAB, Map.of("GITLAB_TOKEN", "glpat-x"));

    ReviewRef first = reviews.openReview(request());
    ReviewRef second = reviews.openReview(request());

    assertThat(first.created()).isTrue();
    assertThat(second.created()).isFalse();
    assertThat(second.id()).isEqualTo("7");
    assertThat(api.calls("POST", MRS)).hasSize(1);
    assertThat(api.calls("PUT", MRS + "/7")).hasSize(1);
    assertThat(new ObjectMapper().readTree(api.calls("POST", MRS).get(0).body()).get("labels").asText()).isEqualTo("selfheal");
    assertThat(api.calls("POST", MRS).get(0).header("PRIVATE-TOKEN")).isEqualTo("glpat-x");
    assertThat(GitFixtures.head(origin, BRANCH)).isEqualTo(commit);
  }

  @Test
  void aCatalogThatNamesGitHubAsTheReviewHostOpensThePullRequestThere() throws Exception {
    githubKeepingState();
    Path file = Files.writeString(tmp.resolve("services.yaml"), """
        services:
          report-service:
            origin: %s
            testCommand: ./test.sh
            deploy: {dir: %s, command: "true"}
            health: http://127.0.0.1:1/health
            logs: [/dev/null]
            review:
              host: github
              repo: acme/report-service
              apiUrl: %s
              tokenEnv: REPORT_SERVICE_GITHUB_TOKEN
              labels: [selfheal, from-catalog]
        """.formatted(origin, tmp.resolve("deploy"), api.url()));
    ServiceCatalog loaded = ServiceCatalog.load(file);
    // wired as the worker wires it, with the worker's environment replaced by a map
    env.registerActivitiesImplementations(new CodeHostReviewActivities(loaded, loaded::codeHost,
        new LocalReviewActivities(loaded, workspace), Map.of("REPORT_SERVICE_GITHUB_TOKEN", "ghp_catalog")::get, null));
    ReviewActivities reviews = env.newActivityStub(ReviewActivities.class,
        ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

    ReviewRef ref = reviews.openReview(request());

    assertThat(ref).isEqualTo(new ReviewRef("42", "https://github.com/acme/report-service/pull/42", BRANCH, true));
    assertThat(api.calls("POST", PULLS)).singleElement()
        .satisfies(call -> assertThat(call.header("Authorization")).isEqualTo("Bearer ghp_catalog"));
    assertThat(new ObjectMapper().readTree(api.calls("POST", "/repos/acme/report-service/issues/42/labels").get(0).body())
        .get("labels")).extracting(JsonNode::asText).containsExactly("selfheal", "from-catalog");
    assertThat(origin.resolve("selfheal-reviews")).as("no local review file").doesNotExist();
  }

  @Test
  void aLocalServiceGoesToTheLocalReviewFiles() {
    ReviewActivities reviews = stub(service -> CodeHostConfig.local(), Map.of());

    ReviewRef ref = reviews.openReview(request());

    assertThat(ref.id()).isEqualTo(INCIDENT);
    assertThat(origin.resolve("selfheal-reviews").resolve(INCIDENT + ".json")).exists();
    assertThat(api.calls()).isEmpty();
  }

  @Test
  void aReviewIdThatIsNoRequestNumberIsRefused() {
    ReviewActivities reviews = stub(CodeHostKind.GITHUB, Map.of("GITHUB_TOKEN", "ghp_x"));
    ReviewRef bad = new ReviewRef("../42", "u", BRANCH, true);

    assertThatThrownBy(() -> reviews.updateReview(new ReviewUpdateRequest(INCIDENT, GitFixtures.SERVICE, bad, "approved", "a", "b")))
        .isInstanceOfSatisfying(ActivityFailure.class, f -> assertThat(f.getCause())
            .isInstanceOfSatisfying(ApplicationFailure.class, cause -> {
              assertThat(cause.isNonRetryable()).isTrue();
              assertThat(cause.getOriginalMessage()).contains("'../42' is not a GITHUB request number");
            }));
    assertThat(api.calls()).isEmpty();
  }

  /** GitHub that lists the PR as open once it has been created. */
  private AtomicBoolean githubKeepingState() {
    AtomicBoolean created = new AtomicBoolean();
    api.on("GET", PULLS, call -> Reply.json(200, created.get() ? resource("github/pulls-open.json") : "[]"))
        .on("POST", PULLS, call -> {
          created.set(true);
          return Reply.json(201, resource("github/pull.json"));
        })
        .on("PATCH", PULLS + "/42", Reply.json(200, resource("github/pull.json")))
        .on("POST", "/repos/acme/report-service/issues/42/labels", Reply.json(200, resource("github/labels.json")));
    return created;
  }

  private ReviewActivities stub(CodeHostKind kind, Map<String, String> environment) {
    return stub(service -> new CodeHostConfig(kind, api.url(), "acme/report-service", null, List.of("selfheal")), environment);
  }

  private ReviewActivities stub(Function<String, CodeHostConfig> hosts, Map<String, String> environment) {
    env.registerActivitiesImplementations(new CodeHostReviewActivities(
        catalog, hosts, new LocalReviewActivities(catalog, workspace), environment::get, "http://localhost:8233/"));
    return env.newActivityStub(ReviewActivities.class,
        ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());
  }

  private ReviewRequest request() {
    Diagnosis diagnosis = new Diagnosis(
        new RootCause("report-service", "report-job", "java.io.FileNotFoundException", "src/main/java/Loader.java", 21,
            "template not found: /tmp/x/report-template.html (No such file or directory)"),
        "missing-volatile-file",
        "report template in /tmp vanished",
        List.of("tmp cleaner ran", "load failed"),
        List.of("ERROR template not found", "WARN retrying with db password=" + SECRET + " user=report"),
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
