package dev.selfheal.activities.review;

import dev.selfheal.activities.fix.FixDiff;
import dev.selfheal.activities.Failures;
import dev.selfheal.activities.Heartbeats;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.config.ServiceSpec;
import dev.selfheal.activities.git.GitStepException;
import dev.selfheal.activities.git.IncidentBranchPush;
import dev.selfheal.activities.git.RequestChecks;
import dev.selfheal.workflows.Errors;
import dev.selfheal.workflows.IncidentIds;
import dev.selfheal.workflows.activities.ReviewActivities;
import dev.selfheal.workflows.messages.requests.ReviewRequest;
import dev.selfheal.workflows.messages.requests.ReviewUpdateRequest;
import dev.selfheal.workflows.messages.values.ReviewRef;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Review requests on each service's own code host: GitHub pull requests, GitLab merge requests,
 * or the local review files ({@link LocalReviewActivities}) for a bare origin on this machine.
 *
 * <p>Idempotent by the incident branch {@code selfheal/<incident-id>}: the branch is pushed
 * without force (a repeat is a no-op), the open request for that head branch is looked up and
 * updated before one is created, and a decision's comment carries a marker it is looked up by
 * before it is posted. A retry, or a worker that died between two of these steps, makes no
 * second pull request and no second comment.
 *
 * <p>The branch travels by git, with the credentials git finds for the origin (see {@link
 * IncidentBranchPush}); the API token is read from the environment variable the host config
 * names, at each call, and goes nowhere but that host's API.
 */
public final class CodeHostReviewActivities implements ReviewActivities {
  private static final Logger log = LoggerFactory.getLogger(CodeHostReviewActivities.class);
  private static final String DEFAULT_NAMESPACE = "default";

  private final ServiceCatalog catalog;
  private final Function<String, CodeHostConfig> hosts;
  private final ReviewActivities local;
  private final Function<String, String> env;
  private final String webUiBase;
  private final HttpClient http;
  private final Clock clock;

  /**
   * @param hosts the code host of a service, by service name
   * @param local where services whose host is {@code local} go
   * @param env environment lookup for tokens ({@code System::getenv} in a worker)
   * @param webUiBase the Temporal Web UI base URL for the incident link (e.g. {@code
   *     SELFHEAL_WEB_UI}); null for no link
   */
  public CodeHostReviewActivities(ServiceCatalog catalog, Function<String, CodeHostConfig> hosts,
      ReviewActivities local, Function<String, String> env, String webUiBase) {
    this(catalog, hosts, local, env, webUiBase, CodeHostHttp.newClient(), Clock.systemUTC());
  }

  CodeHostReviewActivities(ServiceCatalog catalog, Function<String, CodeHostConfig> hosts, ReviewActivities local,
      Function<String, String> env, String webUiBase, HttpClient http, Clock clock) {
    this.catalog = catalog;
    this.hosts = hosts;
    this.local = local;
    this.env = env;
    this.webUiBase = webUiBase == null || webUiBase.isBlank() ? null : requireWebUi(webUiBase.trim());
    this.http = http;
    this.clock = clock;
  }

  @Override
  public ReviewRef openReview(ReviewRequest request) {
    CodeHostConfig host = hostOf(request.service());
    if (host.kind() == CodeHostKind.LOCAL) {
      return local.openReview(request);
    }
    ServiceSpec spec = catalog.require(request.service());
    String incidentId = request.incidentId();
    RequestChecks.requireIncident(incidentId, request.service(), Errors.INVALID_REQUEST);
    if (request.fix() == null || request.diagnosis() == null || request.worktree() == null) {
      throw Failures.nonRetryable(Errors.PATCH_REFUSED, "the review request needs a diagnosis, a worktree and a fix");
    }
    RequestChecks.requireCommit(request.fix().commit(), "fix.commit", Errors.PATCH_REFUSED);
    // the token first: a missing one should not cost a push
    ReviewHost api = client(host);
    String branch = IncidentIds.branch(incidentId);
    try {
      IncidentBranchPush.push(spec, Path.of(request.worktree().path()), branch, request.fix().commit());
    } catch (IOException | GitAPIException | URISyntaxException e) {
      throw new GitStepException("openReview push incident=" + incidentId + ": " + e.getMessage(), e);
    }
    String title = ReviewMarkdown.title(request);
    ReviewDraft draft = new ReviewDraft(
        title, ReviewMarkdown.render(request, title, spec.defaultBranch(), incidentLink(incidentId)), branch,
        spec.defaultBranch(), host.labels());
    Optional<HostedReview> found = api.findOpen(branch);
    HostedReview review = found.isPresent() ? api.update(found.get(), draft) : api.create(draft);
    log.info("review {} incident={} host={} number={} url={}",
        found.isPresent() ? "found and updated" : "opened", incidentId, host.kind(), review.number(), review.url());
    return new ReviewRef(String.valueOf(review.number()), review.url(), review.headBranch(), found.isEmpty());
  }

  /** A comment on the request saying what was decided, posted once however often this is called. */
  @Override
  public void updateReview(ReviewUpdateRequest request) {
    CodeHostConfig host = hostOf(request.service());
    if (host.kind() == CodeHostKind.LOCAL) {
      local.updateReview(request);
      return;
    }
    RequestChecks.requireIncident(request.incidentId(), request.service(), Errors.INVALID_REQUEST);
    ReviewRef ref = request.review();
    if (ref == null || ref.id() == null || !ref.id().matches("[1-9][0-9]{0,11}")) {
      throw Failures.nonRetryable(Errors.INVALID_REQUEST,
          "review id '" + (ref == null ? null : ref.id()) + "' is not a " + host.kind() + " request number");
    }
    if (request.state() == null || !request.state().matches("[A-Za-z_-]{1,40}")) {
      throw Failures.nonRetryable(Errors.INVALID_REQUEST, "review update for " + ref.id() + " has no valid state: '"
          + request.state() + "'");
    }
    ReviewHost api = client(host);
    HostedReview review = new HostedReview(Long.parseLong(ref.id()), ref.url(), ref.headBranch());
    String marker = "<!-- selfheal-event "
        + FixDiff.sha256((request.incidentId() + "\n" + request.state() + "\n" + request.actor() + "\n" + request.comment())
            .getBytes(StandardCharsets.UTF_8))
            .substring(0, 24)
        + " -->";
    if (api.hasComment(review, marker)) {
      log.info("review event already recorded incident={} number={} state={}",
          request.incidentId(), ref.id(), request.state());
      return;
    }
    api.comment(review, decisionComment(request) + "\n" + marker);
    log.info("review updated incident={} host={} number={} state={} actor={}",
        request.incidentId(), host.kind(), ref.id(), request.state(), request.actor());
  }

  /** The actor and comment come from a signal: shown as code so they cannot mention or format. */
  private static String decisionComment(ReviewUpdateRequest request) {
    StringBuilder text = new StringBuilder("selfheal: **").append(request.state()).append("** by ")
        .append(ReviewMarkdown.code(request.actor() == null || request.actor().isBlank() ? "(unknown)" : request.actor()))
        .append(" for incident ").append(ReviewMarkdown.code(request.incidentId())).append("\n");
    if (request.comment() != null && !request.comment().isBlank()) {
      text.append("\n").append(ReviewMarkdown.fenced("text", request.comment()));
    }
    return text.toString();
  }

  private CodeHostConfig hostOf(String service) {
    CodeHostConfig host;
    try {
      host = hosts.apply(service);
    } catch (IllegalArgumentException e) {
      throw Failures.nonRetryable(Errors.CONFIG_INVALID, "code host of service '" + service + "': " + e.getMessage());
    }
    if (host == null) {
      throw Failures.nonRetryable(Errors.CONFIG_INVALID, "service '" + service + "' has no code host configured");
    }
    return host;
  }

  private ReviewHost client(CodeHostConfig host) {
    String token = env.apply(host.tokenEnv());
    if (token == null || token.isBlank()) {
      throw Failures.nonRetryable(Errors.CONFIG_INVALID,
          host.tokenEnv() + " is not set in the worker's environment; the " + host.kind() + " code host of "
              + host.repo() + " needs an API token there");
    }
    String clean = token.strip();
    return switch (host.kind()) {
      case GITHUB -> new GitHubReviewClient(host, clean, http, clock);
      case GITLAB -> new GitLabReviewClient(host, clean, http, clock);
      case LOCAL -> throw new IllegalStateException("local reviews have no API client");
    };
  }

  private String incidentLink(String incidentId) {
    if (webUiBase == null) {
      return null;
    }
    ActivityExecutionContext context = Heartbeats.current();
    String namespace = context == null ? DEFAULT_NAMESPACE : context.getInfo().getNamespace();
    return WebUiLink.workflow(webUiBase, namespace, incidentId);
  }

  private static String requireWebUi(String base) {
    URI uri;
    try {
      uri = new URI(base);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Web UI base URL '" + base + "' is not a URL: " + e.getMessage());
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
        || base.contains(")") || base.contains(" ")) {
      throw new IllegalArgumentException("Web UI base URL '" + base + "' must be an http(s) URL with a host");
    }
    return base;
  }
}
