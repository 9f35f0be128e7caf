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

/** The GitHub client's protocol, against a local server that answers like api.github.com. */
class GitHubReviewClientTest {
  private static final String TOKEN = "ghp_TestToken0123456789abcdefABCDEF0123";
  private static final String BRANCH = "selfheal/incident-report-service-fp9";
  private static final String PULLS = "/repos/acme/report-service/pulls";
  private static final Instant NOW = Instant.parse("2024-05-02T12:00:00Z");

  private FakeCodeHostApi api;
  private GitHubReviewClient client;

  @BeforeEach
  void setUp() throws Exception {
    api = new FakeCodeHostApi();
    client = new GitHubReviewClient(
        new CodeHostConfig(CodeHostKind.GITHUB, api.url(), "acme/report-service", null, List.of("selfheal", "incident")),
        TOKEN, CodeHostHttp.newClient(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void tearDown() {
    api.close();
  }

  @Test
  void findsTheOpenPullRequestByOwnerAndHeadBranchWithTheApiHeaders() {
    api.on("GET", PULLS, Reply.json(200, resource("github/pulls-open.json")));

    HostedReview found = client.findOpen(BRANCH).orElseThrow();

    assertThat(found).isEqualTo(new HostedReview(42, "https://github.com/acme/report-service/pull/42", BRANCH));
    Call call = api.calls().get(0);
    assertThat(call.query()).isEqualTo("head=acme%3Aselfheal%2Fincident-report-service-fp9&state=open&per_page=100");
    assertThat(call.header("Accept")).isEqualTo("application/vnd.github+json");
    assertThat(call.header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
    assertThat(call.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(call.header("User-Agent")).isEqualTo("selfheal");
  }

  @Test
  void aPullRequestOfAnotherBranchIsNotTakenForOurs() {
    api.on("GET", PULLS, Reply.json(200, resource("github/pulls-other-branch.json")));

    assertThat(client.findOpen(BRANCH)).isEmpty();
  }

  @Test
  void createPostsThePullRequestThenAddsTheLabels() throws Exception {
    api.on("POST", PULLS, Reply.json(201, resource("github/pull.json")))
        .on("POST", "/repos/acme/report-service/issues/42/labels", Reply.json(200, resource("github/labels.json")));

    HostedReview created = client.create(new ReviewDraft("the title", "the body", BRANCH, "main", List.of("selfheal", "incident")));

    assertThat(created.number()).isEqualTo(42);
    Call post = api.calls("POST", PULLS).get(0);
    assertThat(post.header("Content-Type")).isEqualTo("application/json");
    JsonNode body = new ObjectMapper().readTree(post.body());
    assertThat(body.get("title").asText()).isEqualTo("the title");
    assertThat(body.get("head").asText()).isEqualTo(BRANCH);
    assertThat(body.get("base").asText()).isEqualTo("main");
    assertThat(body.get("body").asText()).isEqualTo("the body");
    Call labels = api.calls("POST", "/repos/acme/report-service/issues/42/labels").get(0);
    assertThat(new ObjectMapper().readTree(labels.body()).toString()).isEqualTo("{\"labels\":[\"selfheal\",\"incident\"]}");
    assertThat(labels.header("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void updatePatchesTitleAndBodyAndAddsTheLabels() throws Exception {
    api.on("PATCH", PULLS + "/42", Reply.json(200, resource("github/pull.json")))
        .on("POST", "/repos/acme/report-service/issues/42/labels", Reply.json(200, resource("github/labels.json")));

    client.update(new HostedReview(42, "u", BRANCH), new ReviewDraft("new title", "new body", BRANCH, "main", List.of("selfheal")));

    JsonNode body = new ObjectMapper().readTree(api.calls("PATCH", PULLS + "/42").get(0).body());
    assertThat(body.get("title").asText()).isEqualTo("new title");
    assertThat(body.get("body").asText()).isEqualTo("new body");
    assertThat(api.calls("POST", "/repos/acme/report-service/issues/42/labels")).hasSize(1);
    assertThat(api.calls("POST", PULLS)).isEmpty();
  }

  @Test
  void aPullRequestOpenedBetweenFindAndCreateIsUpdatedNotDuplicated() {
    api.on("POST", PULLS, Reply.json(422, resource("github/error-pr-exists.json")))
        .on("GET", PULLS, Reply.json(200, resource("github/pulls-open.json")))
        .on("PATCH", PULLS + "/42", Reply.json(200, resource("github/pull.json")))
        .on("POST", "/repos/acme/report-service/issues/42/labels", Reply.json(200, resource("github/labels.json")));

    HostedReview review = client.create(new ReviewDraft("t", "b", BRANCH, "main", List.of("selfheal")));

    assertThat(review.number()).isEqualTo(42);
    assertThat(api.calls("POST", PULLS)).hasSize(1);
    assertThat(api.calls("PATCH", PULLS + "/42")).hasSize(1);
  }

  @Test
  void commentsArePostedToTheIssueAndFoundByTheirMarkerAcrossPages() throws Exception {
    String next = api.url() + "/repos/acme/report-service/issues/42/comments?per_page=100&page=2";
    api.on("POST", "/repos/acme/report-service/issues/42/comments", Reply.json(201, resource("github/comment.json")))
        .on("GET", "/repos/acme/report-service/issues/42/comments", call -> call.query().contains("page=2")
            ? Reply.json(200, "[{\"id\":2,\"body\":\"done <!-- selfheal-event abc -->\",\"user\":{\"login\":\"selfheal-bot\"}}]")
            : Reply.json(200, "[{\"id\":1,\"body\":\"lgtm\",\"user\":{\"login\":\"alice\"}}]")
                .with("Link", "<" + next + ">; rel=\"next\", <" + next + ">; rel=\"last\""));
    HostedReview pr = new HostedReview(42, "u", BRANCH);

    client.comment(pr, "hello");

    assertThat(new ObjectMapper().readTree(api.calls("POST", "/repos/acme/report-service/issues/42/comments").get(0).body())
        .get("body").asText()).isEqualTo("hello");
    assertThat(client.hasComment(pr, "<!-- selfheal-event abc -->")).isTrue();
    assertThat(client.hasComment(pr, "<!-- selfheal-event xyz -->")).isFalse();
  }

  @Test
  void reviewStateCountsEachReviewersLatestDecisionAcrossPages() {
    String next = api.url() + PULLS + "/42/reviews?per_page=100&page=2";
    api.on("GET", PULLS + "/42/reviews", call -> call.query().contains("page=2")
        ? Reply.json(200, resource("github/reviews-page2.json"))
        : Reply.json(200, resource("github/reviews-page1.json")).with("Link", "<" + next + ">; rel=\"next\""));

    ReviewState state = client.reviewState(new HostedReview(42, "u", BRANCH));

    // alice: changes requested, then approved; bob: approved, then only commented; carol: approved, then dismissed
    assertThat(state.decision()).isEqualTo(ReviewDecision.APPROVED);
    assertThat(state.approvedBy()).containsExactly("bob", "alice");
    assertThat(state.changesRequestedBy()).isEmpty();
  }

  @Test
  void oneReviewerAskingForChangesOutweighsAnApproval() {
    api.on("GET", PULLS + "/42/reviews", Reply.json(200, resource("github/reviews-changes-requested.json")));

    ReviewState state = client.reviewState(new HostedReview(42, "u", BRANCH));

    assertThat(state.decision()).isEqualTo(ReviewDecision.CHANGES_REQUESTED);
    assertThat(state.changesRequestedBy()).containsExactly("dave");
    assertThat(state.approvedBy()).containsExactly("alice");
  }

  @Test
  void noReviewsArePending() {
    api.on("GET", PULLS + "/42/reviews", Reply.json(200, "[]"));

    assertThat(client.reviewState(new HostedReview(42, "u", BRANCH)).decision()).isEqualTo(ReviewDecision.PENDING);
  }

  @Test
  void aBadGatewayIsRetryableAndTheNextAttemptSucceeds() {
    api.on("GET", PULLS,
        new Reply(502, Map.of("Content-Type", "text/html"), resource("github/error-502.html")),
        Reply.json(200, resource("github/pulls-open.json")));

    assertThatThrownBy(() -> client.findOpen(BRANCH)).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
      assertThat(f.isNonRetryable()).isFalse();
      assertThat(f.getType()).isEqualTo("CODE_HOST_UNAVAILABLE");
      assertThat(f.getOriginalMessage()).contains("HTTP 502", "502 Bad Gateway");
      assertThat(f.getNextRetryDelay()).isNull();
    });
    assertThat(client.findOpen(BRANCH)).isPresent();
  }

  @Test
  void noAnswerAtAllIsRetryable() {
    api.close();

    assertThatThrownBy(() -> client.findOpen(BRANCH)).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
      assertThat(f.isNonRetryable()).isFalse();
      assertThat(f.getType()).isEqualTo("CODE_HOST_UNAVAILABLE");
      assertThat(f.getOriginalMessage()).contains("did not answer GET " + PULLS);
    });
  }

  @Test
  void anExhaustedRateLimitRetriesWhenTheLimitResets() {
    api.on("GET", PULLS, Reply.json(403, resource("github/error-rate-limit.json"))
        .with("x-ratelimit-limit", "5000").with("x-ratelimit-remaining", "0")
        .with("x-ratelimit-reset", String.valueOf(NOW.plusSeconds(137).getEpochSecond())));

    assertThatThrownBy(() -> client.findOpen(BRANCH)).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
      assertThat(f.isNonRetryable()).isFalse();
      assertThat(f.getType()).isEqualTo("CODE_HOST_RATE_LIMITED");
      assertThat(f.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(137));
      assertThat(f.getOriginalMessage()).contains("API rate limit exceeded");
    });
  }

  @Test
  void aSecondaryRateLimitWaitsForRetryAfter() {
    api.on("POST", PULLS, Reply.json(403, "{\"message\":\"You have exceeded a secondary rate limit.\"}")
        .with("Retry-After", "60"));

    assertThatThrownBy(() -> client.create(new ReviewDraft("t", "b", BRANCH, "main", List.of())))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.isNonRetryable()).isFalse();
          assertThat(f.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(60));
        });
  }

  @Test
  void tooManyRequestsWaitsForRetryAfterButNeverLongerThanTheCap() {
    api.on("GET", PULLS, Reply.json(429, "{\"message\":\"slow down\"}").with("Retry-After", "86400"));

    assertThatThrownBy(() -> client.findOpen(BRANCH)).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
      assertThat(f.isNonRetryable()).isFalse();
      assertThat(f.getNextRetryDelay()).isEqualTo(CodeHostHttp.MAX_RETRY_DELAY);
    });
  }

  @Test
  void badCredentialsAreNotRetriedAndSayWhichVariableToFix() {
    // a host that echoes the token back must not get it into the failure
    api.on("GET", PULLS, Reply.json(401, "{\"message\":\"Bad credentials for " + TOKEN + "\"}"));

    assertThatThrownBy(() -> client.findOpen(BRANCH)).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
      assertThat(f.isNonRetryable()).isTrue();
      assertThat(f.getType()).isEqualTo("CONFIG_INVALID");
      assertThat(f.getOriginalMessage()).contains("HTTP 401", "Bad credentials", "GITHUB_TOKEN").doesNotContain(TOKEN);
    });
  }

  @Test
  void anUnknownRepositoryIsNotRetriedAndNamesTheRepository() {
    api.on("GET", PULLS, Reply.json(404, resource("github/error-404.json")));

    assertThatThrownBy(() -> client.findOpen(BRANCH)).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
      assertThat(f.isNonRetryable()).isTrue();
      assertThat(f.getType()).isEqualTo("CONFIG_INVALID");
      assertThat(f.getOriginalMessage()).contains("HTTP 404", "acme/report-service was not found", "token");
    });
  }

  @Test
  void aRefusedCreateIsNotRetriedAndSaysWhatToCheck() {
    api.on("POST", PULLS, Reply.json(422,
        "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\",\"field\":\"base\",\"code\":\"invalid\"}]}"));

    assertThatThrownBy(() -> client.create(new ReviewDraft("t", "b", BRANCH, "trunk", List.of())))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getType()).isEqualTo("INVALID_REQUEST");
          assertThat(f.getOriginalMessage()).contains("Validation Failed", "\"field\":\"base\"", "base branch exists");
        });
  }

  @Test
  void anHtmlPageInsteadOfJsonIsAClearErrorAboutTheApiUrl() {
    api.on("GET", PULLS, new Reply(200, Map.of("Content-Type", "text/html"), "<!DOCTYPE html><html>Sign in</html>"));

    assertThatThrownBy(() -> client.findOpen(BRANCH)).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
      assertThat(f.isNonRetryable()).isTrue();
      assertThat(f.getOriginalMessage()).contains("not JSON", "text/html", "<!DOCTYPE html>", "apiUrl " + api.url());
    });
  }

  @Test
  void jsonWithoutThePullRequestFieldsIsAClearError() {
    api.on("POST", PULLS, Reply.json(201, "{\"id\": 5, \"html_url\": null}"));

    assertThatThrownBy(() -> client.create(new ReviewDraft("t", "b", BRANCH, "main", List.of())))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage()).contains("POST " + PULLS, "no positive number field 'number'");
        });
  }

  @Test
  void aRedirectIsNotFollowedSoTheTokenStaysWithTheApi() {
    api.on("GET", PULLS, Reply.json(301, "{\"message\":\"Moved Permanently\"}")
        .with("Location", "http://elsewhere.example/repositories/1296269/pulls"));

    assertThatThrownBy(() -> client.findOpen(BRANCH)).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
      assertThat(f.isNonRetryable()).isTrue();
      assertThat(f.getOriginalMessage()).contains("renamed or moved", "elsewhere.example");
    });
    assertThat(api.calls()).hasSize(1);
  }
}
