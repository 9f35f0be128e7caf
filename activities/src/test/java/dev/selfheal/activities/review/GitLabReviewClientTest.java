package dev.selfheal.activities.review;

import static dev.selfheal.activities.review.FakeCodeHostApi.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.activities.review.FakeCodeHostApi.Call;
import dev.selfheal.activities.review.FakeCodeHostApi.Reply;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The GitLab client's protocol, against a local server that answers like GitLab's REST API v4. */
class GitLabReviewClientTest {
  private static final String TOKEN = "glpat-Test0123456789abcdEFGH";
  private static final String BRANCH = "selfheal/incident-report-service-fp9";
  private static final String MRS = "/projects/acme%2Freport-service/merge_requests";
  private static final Instant NOW = Instant.parse("2024-05-02T12:00:00Z");

  private FakeCodeHostApi api;
  private GitLabReviewClient client;

  @BeforeEach
  void setUp() throws Exception {
    api = new FakeCodeHostApi();
    client = new GitLabReviewClient(
        new CodeHostConfig(CodeHostKind.GITLAB, api.url(), "acme/report-service", null, List.of("selfheal", "incident")),
        TOKEN, CodeHostHttp.newClient(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void tearDown() {
    api.close();
  }

  @Test
  void findsTheOpenMergeRequestBySourceBranchInTheEncodedProject() {
    api.on("GET", MRS, Reply.json(200, resource("gitlab/merge-requests-open.json")));

    HostedReview found = client.findOpen(BRANCH).orElseThrow();

    assertThat(found).isEqualTo(
        new HostedReview(7, "https://gitlab.example.com/acme/report-service/-/merge_requests/7", BRANCH));
    Call call = api.calls().get(0);
    assertThat(call.path()).isEqualTo(MRS);
    assertThat(call.query()).isEqualTo("source_branch=selfheal%2Fincident-report-service-fp9&state=opened");
    assertThat(call.header("PRIVATE-TOKEN")).isEqualTo(TOKEN);
    assertThat(call.header("Authorization")).isNull();
  }

  @Test
  void noOpenMergeRequestIsEmpty() {
    api.on("GET", MRS, Reply.json(200, "[]"));

    assertThat(client.findOpen(BRANCH)).isEmpty();
  }

  @Test
  void createPostsBranchesTitleDescriptionAndLabelsInOneBody() throws Exception {
    api.on("POST", MRS, Reply.json(201, resource("gitlab/merge-request.json")));

    HostedReview created = client.create(new ReviewDraft("the title", "the body", BRANCH, "main", List.of("selfheal", "incident")));

    assertThat(created.number()).isEqualTo(7);
    Call post = api.calls("POST", MRS).get(0);
    JsonNode body = new ObjectMapper().readTree(post.body());
    assertThat(body.get("source_branch").asText()).isEqualTo(BRANCH);
    assertThat(body.get("target_branch").asText()).isEqualTo("main");
    assertThat(body.get("title").asText()).isEqualTo("the title");
    assertThat(body.get("description").asText()).isEqualTo("the body");
    assertThat(body.get("labels").asText()).isEqualTo("selfheal,incident");
    assertThat(post.header("Content-Type")).isEqualTo("application/json");
    assertThat(api.calls()).hasSize(1);
  }

  @Test
  void updatePutsTitleAndDescriptionAndAddsLabelsWithoutDroppingOthers() throws Exception {
    api.on("PUT", MRS + "/7", Reply.json(200, resource("gitlab/merge-request.json")));

    client.update(new HostedReview(7, "u", BRANCH), new ReviewDraft("new title", "new body", BRANCH, "main", List.of("selfheal")));

    JsonNode body = new ObjectMapper().readTree(api.calls("PUT", MRS + "/7").get(0).body());
    assertThat(body.get("title").asText()).isEqualTo("new title");
    assertThat(body.get("description").asText()).isEqualTo("new body");
    assertThat(body.get("add_labels").asText()).isEqualTo("selfheal");
    assertThat(body.has("labels")).isFalse();
    assertThat(api.calls("POST", MRS)).isEmpty();
  }

  @Test
  void aMergeRequestOpenedBetweenFindAndCreateIsUpdatedNotDuplicated() {
    api.on("POST", MRS, Reply.json(409, resource("gitlab/error-mr-exists.json")))
        .on("GET", MRS, Reply.json(200, resource("gitlab/merge-requests-open.json")))
        .on("PUT", MRS + "/7", Reply.json(200, resource("gitlab/merge-request.json")));

    HostedReview review = client.create(new ReviewDraft("t", "b", BRANCH, "main", List.of()));

    assertThat(review.number()).isEqualTo(7);
    assertThat(api.calls("POST", MRS)).hasSize(1);
    assertThat(api.calls("PUT", MRS + "/7")).hasSize(1);
  }

  @Test
  void notesArePostedAndFoundByTheirMarkerNewestFirst() throws Exception {
    api.on("POST", MRS + "/7/notes", Reply.json(201, resource("gitlab/note.json")))
        .on("GET", MRS + "/7/notes", Reply.json(200,
            "[{\"id\":2,\"body\":\"done <!-- selfheal-event abc -->\",\"system\":false},{\"id\":1,\"body\":\"approved this merge request\",\"system\":true}]"));
    HostedReview mr = new HostedReview(7, "u", BRANCH);

    client.comment(mr, "hello");

    assertThat(new ObjectMapper().readTree(api.calls("POST", MRS + "/7/notes").get(0).body()).get("body").asText())
        .isEqualTo("hello");
    assertThat(client.hasComment(mr, "<!-- selfheal-event abc -->")).isTrue();
    assertThat(client.hasComment(mr, "<!-- selfheal-event xyz -->")).isFalse();
    assertThat(api.calls("GET", MRS + "/7/notes").get(0).query()).isEqualTo("sort=desc&order_by=created_at&per_page=100");
  }

  @Test
  void approvalStateIsReadFromTheApprovalsEndpoint() {
    api.on("GET", MRS + "/7/approvals",
        Reply.json(200, resource("gitlab/approvals-approved.json")),
        Reply.json(200, resource("gitlab/approvals-pending.json")));
    HostedReview mr = new HostedReview(7, "u", BRANCH);

    ReviewState approved = client.reviewState(mr);
    ReviewState pending = client.reviewState(mr);

    assertThat(approved.decision()).isEqualTo(ReviewDecision.APPROVED);
    assertThat(approved.approvedBy()).containsExactly("alice");
    // bob approved, but one more approval is required
    assertThat(pending.decision()).isEqualTo(ReviewDecision.PENDING);
    assertThat(pending.approvedBy()).containsExactly("bob");
  }

  @Test
  void aBadGatewayIsRetryableAndTheNextAttemptSucceeds() {
    api.on("POST", MRS, new Reply(502, Map.of("Content-Type", "text/html"), resource("github/error-502.html")),
        Reply.json(201, resource("gitlab/merge-request.json")));
    ReviewDraft draft = new ReviewDraft("t", "b", BRANCH, "main", List.of());

    assertThatThrownBy(() -> client.create(draft)).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
      assertThat(f.isNonRetryable()).isFalse();
      assertThat(f.getType()).isEqualTo("CODE_HOST_UNAVAILABLE");
    });
    assertThat(client.create(draft).number()).isEqualTo(7);
  }

  @Test
  void tooManyRequestsRetriesWhenTheLimitResets() {
    api.on("GET", MRS, new Reply(429, Map.of("Content-Type", "text/plain",
        "RateLimit-Limit", "600", "RateLimit-Remaining", "0",
        "RateLimit-Reset", String.valueOf(NOW.plusSeconds(42).getEpochSecond())), resource("gitlab/error-429.txt")));

    assertThatThrownBy(() -> client.findOpen(BRANCH)).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
      assertThat(f.isNonRetryable()).isFalse();
      assertThat(f.getType()).isEqualTo("CODE_HOST_RATE_LIMITED");
      assertThat(f.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(42));
    });
  }

  @Test
  void retryAfterAsAnHttpDateIsHonoured() {
    api.on("GET", MRS, Reply.json(429, "{\"message\":\"Retry later\"}").with("Retry-After", "Thu, 02 May 2024 12:03:00 GMT"));

    assertThatThrownBy(() -> client.findOpen(BRANCH)).isInstanceOfSatisfying(ApplicationFailure.class,
        f -> assertThat(f.getNextRetryDelay()).isEqualTo(Duration.ofMinutes(3)));
  }

  @Test
  void anUnauthorizedTokenIsNotRetriedAndSaysWhichVariableToFix() {
    api.on("GET", MRS, Reply.json(401, resource("gitlab/error-401.json")));

    assertThatThrownBy(() -> client.findOpen(BRANCH)).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
      assertThat(f.isNonRetryable()).isTrue();
      assertThat(f.getType()).isEqualTo("CONFIG_INVALID");
      assertThat(f.getOriginalMessage()).contains("401 Unauthorized", "GITLAB_TOKEN").doesNotContain(TOKEN);
    });
  }

  @Test
  void anUnknownProjectIsNotRetriedAndNamesTheProjectPath() {
    api.on("GET", MRS, Reply.json(404, resource("gitlab/error-404.json")));

    assertThatThrownBy(() -> client.findOpen(BRANCH)).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
      assertThat(f.isNonRetryable()).isTrue();
      assertThat(f.getOriginalMessage()).contains("404 Project Not Found", "project acme/report-service was not found");
    });
  }

  @Test
  void aMergeRequestWithoutAnIidIsAClearError() {
    api.on("GET", MRS, Reply.json(200, "[{\"source_branch\":\"" + BRANCH + "\",\"iid\":\"seven\",\"web_url\":\"x\"}]"));

    assertThatThrownBy(() -> client.findOpen(BRANCH)).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
      assertThat(f.isNonRetryable()).isTrue();
      assertThat(f.getOriginalMessage()).contains("GitLab answered GET " + MRS, "no positive number field 'iid'");
    });
  }

  @Test
  void anObjectWhereAListBelongsIsAClearError() {
    api.on("GET", MRS, Reply.json(200, "{\"error\":\"something\"}"));

    assertThatThrownBy(() -> client.findOpen(BRANCH)).isInstanceOfSatisfying(ApplicationFailure.class,
        f -> assertThat(f.getOriginalMessage()).contains("JSON that is not a list"));
  }
}
