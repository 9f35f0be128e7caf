package dev.selfheal.activities.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pull requests through the GitHub REST API (v3). The head branch lives in the same repository
 * (selfheal pushes to origin, not a fork), so a PR is found by {@code head=<owner>:<branch>}.
 */
final class GitHubReviewClient implements ReviewHost {
  private static final Logger log = LoggerFactory.getLogger(GitHubReviewClient.class);
  static final String API_VERSION = "2022-11-28";
  private static final int MAX_PAGES = 10;

  private final CodeHostHttp http;
  private final String repo;
  private final String owner;

  GitHubReviewClient(CodeHostConfig config, String token, HttpClient client, Clock clock) {
    this.repo = config.repo();
    this.owner = repo.substring(0, repo.indexOf('/'));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/vnd.github+json");
    headers.put("X-GitHub-Api-Version", API_VERSION);
    headers.put("Authorization", "Bearer " + token);
    headers.put("User-Agent", "selfheal");
    this.http = new CodeHostHttp("GitHub", config.apiUrl(), headers, token, status -> advice(status, config), client,
        clock);
  }

  @Override
  public Optional<HostedReview> findOpen(String headBranch) {
    HostAnswer answer = http.get("/repos/" + repo + "/pulls?head=" + encode(owner + ":" + headBranch)
        + "&state=open&per_page=100");
    for (JsonNode pull : answer.array()) {
      // the filter is the host's; a PR of another branch must not be taken for ours
      if (headBranch.equals(pull.path("head").path("ref").asText(null))) {
        return Optional.of(review(answer, pull));
      }
    }
    return Optional.empty();
  }

  @Override
  public HostedReview create(ReviewDraft draft) {
    ObjectNode body = CodeHostHttp.object()
        .put("title", draft.title())
        .put("head", draft.headBranch())
        .put("base", draft.baseBranch())
        .put("body", draft.body())
        .put("maintainer_can_modify", false);
    HostAnswer answer = http.exchange("POST", "/repos/" + repo + "/pulls", body);
    if (answer.status() == 422 && answer.body().contains("already exists")) {
      log.info("pull request appeared between find and create repo={} head={}", repo, draft.headBranch());
      HostedReview existing = findOpen(draft.headBranch()).orElseThrow(() -> http.failure(answer));
      return update(existing, draft);
    }
    HostedReview created = review(http.check(answer), answer.object());
    addLabels(created, draft.labels());
    log.info("pull request created repo={} number={} head={}", repo, created.number(), draft.headBranch());
    return created;
  }

  @Override
  public HostedReview update(HostedReview review, ReviewDraft draft) {
    ObjectNode body = CodeHostHttp.object().put("title", draft.title()).put("body", draft.body());
    HostAnswer answer = http.send("PATCH", "/repos/" + repo + "/pulls/" + review.number(), body);
    HostedReview updated = review(answer, answer.object());
    addLabels(updated, draft.labels());
    log.info("pull request updated repo={} number={}", repo, updated.number());
    return updated;
  }

  /** Adds (never replaces) labels: ones people put on the PR stay. */
  private void addLabels(HostedReview review, List<String> labels) {
    if (labels.isEmpty()) {
      return;
    }
    ObjectNode body = CodeHostHttp.object();
    labels.forEach(body.putArray("labels")::add);
    http.send("POST", "/repos/" + repo + "/issues/" + review.number() + "/labels", body).array();
  }

  @Override
  public boolean hasComment(HostedReview review, String marker) {
    for (JsonNode comment : http.list("/repos/" + repo + "/issues/" + review.number() + "/comments?per_page=100",
        MAX_PAGES)) {
      if (comment.path("body").asText("").contains(marker)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void comment(HostedReview review, String text) {
    http.send("POST", "/repos/" + repo + "/issues/" + review.number() + "/comments",
        CodeHostHttp.object().put("body", text)).object();
  }

  /**
   * Each reviewer's latest deciding review counts; a comment-only review does not undo an
   * approval (as on GitHub's own page), a dismissed one does.
   */
  @Override
  public ReviewState reviewState(HostedReview review) {
    Map<String, String> latest = new LinkedHashMap<>();
    for (JsonNode r : http.list("/repos/" + repo + "/pulls/" + review.number() + "/reviews?per_page=100", MAX_PAGES)) {
      String user = r.path("user").path("login").asText("");
      String state = r.path("state").asText("");
      if (user.isEmpty()) {
        continue; // a deleted account
      }
      switch (state) {
        case "APPROVED", "CHANGES_REQUESTED" -> {
          latest.remove(user); // keep insertion order = order of latest decisions
          latest.put(user, state);
        }
        case "DISMISSED" -> latest.remove(user);
        default -> { } // COMMENTED, PENDING: no decision
      }
    }
    List<String> approved = new ArrayList<>();
    List<String> changes = new ArrayList<>();
    latest.forEach((user, state) -> ("APPROVED".equals(state) ? approved : changes).add(user));
    ReviewDecision decision = !changes.isEmpty()
        ? ReviewDecision.CHANGES_REQUESTED
        : approved.isEmpty() ? ReviewDecision.PENDING : ReviewDecision.APPROVED;
    return new ReviewState(decision, approved, changes);
  }

  private static HostedReview review(HostAnswer answer, JsonNode pull) {
    return new HostedReview(
        answer.number(pull, "number"), answer.text(pull, "html_url"), answer.text(pull.path("head"), "ref"));
  }

  private static String advice(int status, CodeHostConfig config) {
    return switch (status) {
      case 401 -> "the token in " + config.tokenEnv() + " was refused (expired, revoked or mistyped); set a valid one";
      case 403 -> "the token in " + config.tokenEnv() + " may not do this on " + config.repo()
          + ": a fine-grained token needs Pull requests and Issues read/write on that repository, a classic one "
          + "the repo scope; an organization may also require SSO authorization of the token";
      case 404 -> "repository " + config.repo() + " was not found at " + config.apiUrl()
          + ", or the token in " + config.tokenEnv() + " cannot see it (GitHub answers 404 for private "
          + "repositories a token has no access to); check repo in the code host config and the token's access";
      case 422 -> "GitHub refused the request as invalid; check that the base branch exists on " + config.repo()
          + ", that the head branch was pushed there, and that the labels are valid";
      default -> null;
    };
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
