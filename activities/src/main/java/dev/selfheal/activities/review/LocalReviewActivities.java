package dev.selfheal.activities.review;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.selfheal.activities.Failures;
import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.config.ServiceSpec;
import dev.selfheal.activities.git.AtomicFiles;
import dev.selfheal.activities.git.GitOrigin;
import dev.selfheal.activities.git.GitStepException;
import dev.selfheal.activities.git.IncidentBranchPush;
import dev.selfheal.activities.git.RequestChecks;
import dev.selfheal.workflows.Errors;
import dev.selfheal.workflows.IncidentIds;
import dev.selfheal.workflows.activities.ReviewActivities;
import dev.selfheal.workflows.messages.requests.ReviewRequest;
import dev.selfheal.workflows.messages.requests.ReviewUpdateRequest;
import dev.selfheal.workflows.messages.values.FixResult;
import dev.selfheal.workflows.messages.values.ReviewRef;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The code host for a local setup, where origin is a bare repository on this machine. Review
 * requests are files in the origin's directory, {@code <origin>/selfheal-reviews/<id>.json}
 * (for selfheal) and {@code <id>.md} (for people), so everyone who can reach the origin can read
 * them. Found by head branch before anything is created, so a retry never opens a second one.
 */
public final class LocalReviewActivities implements ReviewActivities {
  private static final Logger log = LoggerFactory.getLogger(LocalReviewActivities.class);
  static final String REVIEWS_DIR = "selfheal-reviews";

  private final ServiceCatalog catalog;
  private final ObjectMapper json =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  // FileLock guards against other processes; this guards the threads of one worker, which a
  // FileLock cannot (the JVM holds it, not the thread)
  private final Object lock = new Object();

  /**
   * @param workspace taken for symmetry with the other code hosts the worker may construct; a
   *     local review lives with the origin, where every host sees it, not in one host's workspace
   */
  public LocalReviewActivities(ServiceCatalog catalog, Workspace workspace) {
    this.catalog = catalog;
  }

  @Override
  public ReviewRef openReview(ReviewRequest request) {
    ServiceSpec spec = catalog.require(request.service());
    String incidentId = request.incidentId();
    RequestChecks.requireIncident(incidentId, request.service(), Errors.INVALID_REQUEST);
    Path origin = localOrigin(spec);
    FixResult fix = request.fix();
    if (fix == null || request.diagnosis() == null || request.worktree() == null) {
      throw Failures.nonRetryable(Errors.PATCH_REFUSED, "the review request needs a diagnosis, a worktree and a fix");
    }
    RequestChecks.requireCommit(fix.commit(), "fix.commit", Errors.PATCH_REFUSED);
    String branch = IncidentIds.branch(incidentId);
    try {
      IncidentBranchPush.push(spec, Path.of(request.worktree().path()), branch, fix.commit());

      Path dir = Files.createDirectories(origin.resolve(REVIEWS_DIR));
      synchronized (lock) {
        try (FileChannel channel = lockFile(dir); FileLock held = channel.lock()) {
          Optional<ReviewFile> existing = findByHeadBranch(dir, branch);
          if (existing.isPresent()) {
            ReviewFile found = existing.get();
            if (!fix.commit().equals(found.commit())) {
              log.warn("review exists for another commit incident={} review={} reviewCommit={} fixCommit={}",
                  incidentId, found.id(), found.commit(), fix.commit());
            }
            log.info("review found incident={} review={} branch={}", incidentId, found.id(), branch);
            return new ReviewRef(found.id(), found.url(), found.headBranch(), false);
          }
          String title = ReviewMarkdown.title(request);
          Path md = dir.resolve(incidentId + ".md");
          Path jsonFile = dir.resolve(incidentId + ".json");
          ReviewFile review =
              new ReviewFile(
                  incidentId, title, branch, spec.defaultBranch(), fix.commit(), fix.diffSha256(), "open",
                  md.toString(), Instant.now().toString(),
                  List.of(new ReviewEvent("open", "selfheal", "review requested", Instant.now().toString())));
          // markdown first: the json is what marks the review as existing, so once it is there
          // the page people read is there too
          AtomicFiles.write(md, ReviewMarkdown.render(request, title, spec.defaultBranch(), null));
          AtomicFiles.write(jsonFile, json.writeValueAsBytes(review));
          log.info("review opened incident={} review={} branch={} url={}", incidentId, incidentId, branch, md);
          return new ReviewRef(incidentId, md.toString(), branch, true);
        }
      }
    } catch (IOException | GitAPIException | URISyntaxException e) {
      throw new GitStepException("openReview incident=" + incidentId + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void updateReview(ReviewUpdateRequest request) {
    ServiceSpec spec = catalog.require(request.service());
    RequestChecks.requireIncident(request.incidentId(), request.service(), Errors.INVALID_REQUEST);
    Path origin = localOrigin(spec);
    ReviewRef ref = request.review();
    if (ref == null || ref.id() == null || !ref.id().matches("[A-Za-z0-9._-]+") || ref.id().contains("..")) {
      throw Failures.nonRetryable(Errors.CONFIG_INVALID, "review id " + (ref == null ? null : ref.id()) + " is not valid");
    }
    if (request.state() == null || request.state().isBlank()) {
      throw Failures.nonRetryable(Errors.CONFIG_INVALID, "review update for " + ref.id() + " has no state");
    }
    Path dir = origin.resolve(REVIEWS_DIR);
    Path file = dir.resolve(ref.id() + ".json");
    try {
      synchronized (lock) {
        if (!Files.isDirectory(dir) || !Files.exists(file)) {
          throw Failures.nonRetryable(Errors.CONFIG_INVALID, "review " + ref.id() + " does not exist: " + file);
        }
        try (FileChannel channel = lockFile(dir); FileLock held = channel.lock()) {
          ReviewFile review = json.readValue(file.toFile(), ReviewFile.class);
          ReviewEvent event = new ReviewEvent(request.state(), request.actor(), request.comment(), Instant.now().toString());
          List<ReviewEvent> events = review.events();
          if (!events.isEmpty() && events.get(events.size() - 1).sameAs(event)) {
            log.info("review event already recorded incident={} review={} state={}", request.incidentId(), ref.id(), event.state());
            return;
          }
          AtomicFiles.write(file, json.writeValueAsBytes(review.with(event)));
          log.info("review updated incident={} review={} state={} actor={}",
              request.incidentId(), ref.id(), event.state(), event.actor());
        }
      }
    } catch (IOException e) {
      throw new GitStepException("updateReview incident=" + request.incidentId() + ": " + e.getMessage(), e);
    }
  }

  private Optional<ReviewFile> findByHeadBranch(Path dir, String branch) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
        try {
          ReviewFile review = json.readValue(file.toFile(), ReviewFile.class);
          if (branch.equals(review.headBranch())) {
            return Optional.of(review);
          }
        } catch (JacksonException e) {
          // written atomically by us, so someone else's file; it cannot be ours
          log.warn("review file unreadable, skipping path={} reason={}", file, e.getOriginalMessage());
        }
      }
    }
    return Optional.empty();
  }

  private static FileChannel lockFile(Path dir) throws IOException {
    return FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
  }

  private static Path localOrigin(ServiceSpec spec) {
    Path origin =
        GitOrigin.localPath(spec)
            .orElseThrow(() -> Failures.nonRetryable(
                Errors.CONFIG_INVALID,
                "origin " + spec.origin() + " of " + spec.name()
                    + " is a URL; the local review host needs a bare repository on this machine"));
    if (!Files.isDirectory(origin)) {
      throw Failures.nonRetryable(Errors.CONFIG_INVALID, "origin " + origin + " of " + spec.name() + " is not a directory");
    }
    return origin;
  }
}
