package dev.selfheal.activities.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merge requests through the GitLab REST API (v4). The project is named by its URL-encoded path
 * ({@code group%2Fproject}), the request by its iid; labels travel in the create and update bodies.
 */
final class GitLabReviewClient implements ReviewHost {
  private static final Logger log = LoggerFactory.getLogger(GitLabReviewClient.class);
  private static final int MAX_PAGES = 10;

  private final CodeHostHttp http;
  private final String project;
  private final String projectPath;

  GitLabReviewClient(CodeHostConfig config, String token, HttpClient client, Clock clock) {
    this.projectPath = config.repo();
    this.project = "/projects/" + URLEncoder.encode(projectPath, StandardCharsets.UTF_8);
    Map<String, String> headers = Map.of("PRIVATE-TOKEN", token, "Accept", "application/json");
    this.http = new CodeHostHttp("GitLab", config.apiUrl(), headers, token, status -> advice(status, config), client,
        clock);
  }

  @Override
  public Optional<HostedReview> findOpen(String headBranch) {
    HostAnswer answer = http.get(project + "/merge_requests?source_branch="
        + URLEncoder.encode(headBranch, StandardCharsets.UTF_8) + "&state=opened");
    for (JsonNode mr : answer.array()) {
      if (headBranch.equals(mr.path("source_branch").asText(null))) {
        return Optional.of(review(answer, mr));
      }
    }
    return Optional.empty();
  }

  @Override
  public HostedReview create(ReviewDraft draft) {
    ObjectNode body = CodeHostHttp.object()
        .put("source_branch", draft.headBranch())
        .put("target_branch", draft.baseBranch())
        .put("title", draft.title())
        .put("description", draft.body());
    if (!draft.labels().isEmpty()) {
      body.put("labels", String.join(",", draft.labels()));
    }
    HostAnswer answer = http.exchange("POST", project + "/merge_requests", body);
    // GitLab: 409 "Another open merge request already exists for this source branch: !12"
    if (answer.status() == 409 && answer.body().contains("already exists")) {
      log.info("merge request appeared between find and create project={} source={}", projectPath, draft.headBranch());
      HostedReview existing = findOpen(draft.headBranch()).orElseThrow(() -> http.failure(answer));
      return update(existing, draft);
    }
    HostedReview created = review(http.check(answer), answer.object());
    log.info("merge request created project={} iid={} source={}", projectPath, created.number(), draft.headBranch());
    return created;
  }

  /** {@code add_labels}, not {@code labels}: the latter would drop labels people added. */
  @Override
  public HostedReview update(HostedReview review, ReviewDraft draft) {
    ObjectNode body = CodeHostHttp.object().put("title", draft.title()).put("description", draft.body());
    if (!draft.labels().isEmpty()) {
      body.put("add_labels", String.join(",", draft.labels()));
    }
    HostAnswer answer = http.send("PUT", project + "/merge_requests/" + review.number(), body);
    HostedReview updated = review(answer, answer.object());
    log.info("merge request updated project={} iid={}", projectPath, updated.number());
    return updated;
  }

  @Override
  public boolean hasComment(HostedReview review, String marker) {
    // newest first: a note just posted by an earlier attempt is on the first page
    for (JsonNode note : http.list(project + "/merge_requests/" + review.number()
        + "/notes?sort=desc&order_by=created_at&per_page=100", MAX_PAGES)) {
      if (note.path("body").asText("").contains(marker)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void comment(HostedReview review, String text) {
    http.send("POST", project + "/merge_requests/" + review.number() + "/notes",
        CodeHostHttp.object().put("body", text)).object();
  }

  /**
   * Approved when GitLab says so ({@code approved}; older servers without the field: anyone has
   * approved). GitLab's approvals carry no "changes requested".
   */
  @Override
  public ReviewState reviewState(HostedReview review) {
    HostAnswer answer = http.get(project + "/merge_requests/" + review.number() + "/approvals");
    JsonNode approvals = answer.object();
    List<String> approvedBy = new ArrayList<>();
    for (JsonNode entry : approvals.path("approved_by")) {
      String user = entry.path("user").path("username").asText("");
      if (!user.isEmpty()) {
        approvedBy.add(user);
      }
    }
    JsonNode approved = approvals.path("approved");
    boolean isApproved = approved.isBoolean() ? approved.asBoolean() : !approvedBy.isEmpty();
    return new ReviewState(isApproved ? ReviewDecision.APPROVED : ReviewDecision.PENDING, approvedBy, List.of());
  }

  private static HostedReview review(HostAnswer answer, JsonNode mr) {
    return new HostedReview(answer.number(mr, "iid"), answer.text(mr, "web_url"), answer.text(mr, "source_branch"));
  }

  private static String advice(int status, CodeHostConfig config) {
    return switch (status) {
      case 401 -> "the token in " + config.tokenEnv() + " was refused (expired, revoked or mistyped); set a valid one";
      case 403 -> "the token in " + config.tokenEnv() + " may not do this on " + config.repo()
          + ": it needs the api scope and at least the Developer role in the project";
      case 404 -> "project " + config.repo() + " was not found at " + config.apiUrl() + ", or the token in "
          + config.tokenEnv() + " cannot see it; check repo (the project path, e.g. group/sub/project) in the "
          + "code host config and the token's membership";
      case 400, 422 -> "GitLab refused the request as invalid; check that the target branch exists in "
          + config.repo() + " and that the source branch was pushed there";
      default -> null;
    };
  }
}
