package dev.selfheal.activities.git;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.selfheal.activities.Failures;
import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.config.ServiceSpec;
import dev.selfheal.workflows.Errors;
import dev.selfheal.workflows.IncidentIds;
import dev.selfheal.workflows.activities.GitActivities;
import dev.selfheal.workflows.messages.requests.MergeRequest;
import dev.selfheal.workflows.messages.requests.RevertRequest;
import dev.selfheal.workflows.messages.requests.WorktreeRequest;
import dev.selfheal.workflows.messages.values.MergeResult;
import dev.selfheal.workflows.messages.values.RevertResult;
import dev.selfheal.workflows.messages.values.Worktree;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worktree, merge and revert against the service's origin with JGit. Every method first looks
 * for its own earlier effect (the worktree on the incident branch, a merge or revert commit
 * carrying the incident's trailer) so a retried activity or a restarted worker never repeats it.
 */
public final class GitActivitiesImpl implements GitActivities {
  private static final Logger log = LoggerFactory.getLogger(GitActivitiesImpl.class);
  private static final String REMOTES = Constants.R_REMOTES + Constants.DEFAULT_REMOTE_NAME + "/";

  private final ServiceCatalog catalog;
  private final Workspace workspace;
  private final String hostQueue;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * @param hostQueue this host's task queue; returned in the worktree so the stages that need its
   *     files (fix, tests, review) are routed here
   */
  public GitActivitiesImpl(ServiceCatalog catalog, Workspace workspace, String hostQueue) {
    this.catalog = catalog;
    this.workspace = workspace;
    this.hostQueue = hostQueue;
  }

  // ---------------------------------------------------------------------------------------------
  // worktree

  @Override
  public Worktree prepareWorktree(WorktreeRequest request) {
    ServiceSpec spec = catalog.require(request.service());
    String incidentId = request.incidentId();
    RequestChecks.requireIncident(incidentId, request.service(), Errors.INVALID_REQUEST);
    requireLocalOriginExists(spec);
    String branch = IncidentIds.branch(incidentId);
    Path dir = workspace.worktreeDir(incidentId);
    Path recordFile = workspace.incidentDir(incidentId).resolve("worktree.json");
    try {
      Optional<WorktreeRecord> recorded = readRecord(recordFile);
      Optional<String> reusedBase = reusableBase(dir, branch, spec, recorded);
      if (reusedBase.isPresent()) {
        String base = reusedBase.get();
        if (recorded.isEmpty() || !recorded.get().baseCommit().equals(base)) {
          writeRecord(recordFile, new WorktreeRecord(incidentId, branch, base, spec.origin(), Instant.now().toString()));
        }
        log.info("worktree reused incident={} branch={} path={} base={}", incidentId, branch, dir, base);
        return new Worktree(dir.toString(), branch, base, hostQueue);
      }
      if (Files.exists(dir)) {
        // half-cloned after a crash, or not on our branch: nothing of ours can be in it that is
        // not also on origin, so start over
        log.warn("worktree broken, re-cloning incident={} path={}", incidentId, dir);
        AtomicFiles.deleteTree(dir);
      }
      String base = cloneWorktree(dir, branch, spec, recorded);
      writeRecord(recordFile, new WorktreeRecord(incidentId, branch, base, spec.origin(), Instant.now().toString()));
      log.info("worktree created incident={} branch={} path={} base={}", incidentId, branch, dir, base);
      return new Worktree(dir.toString(), branch, base, hostQueue);
    } catch (IOException | GitAPIException | URISyntaxException e) {
      throw new GitStepException("prepareWorktree incident=" + incidentId + ": " + e.getMessage(), e);
    }
  }

  /** The base commit when {@code dir} is a sound clone on {@code branch}; empty when it is not. */
  private Optional<String> reusableBase(Path dir, String branch, ServiceSpec spec, Optional<WorktreeRecord> recorded)
      throws IOException {
    if (!Files.isDirectory(dir.resolve(Constants.DOT_GIT))) {
      return Optional.empty();
    }
    try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.resolve(Constants.DOT_GIT).toFile()).setMustExist(true).build();
        RevWalk walk = new RevWalk(repo)) {
      if (!(Constants.R_HEADS + branch).equals(repo.getFullBranch())) {
        return Optional.empty();
      }
      ObjectId headId = repo.resolve(Constants.HEAD);
      if (headId == null) {
        return Optional.empty();
      }
      RevCommit head = walk.parseCommit(headId);
      if (recorded.isPresent()) {
        ObjectId base = ObjectId.fromString(recorded.get().baseCommit());
        if (repo.getObjectDatabase().has(base) && walk.isMergedInto(walk.parseCommit(base), head)) {
          return Optional.of(base.name());
        }
      }
      // no record (crash right after the clone): the fork point from the default branch
      Ref remoteDefault = repo.exactRef(REMOTES + spec.defaultBranch());
      if (remoteDefault == null) {
        return Optional.empty();
      }
      return mergeBase(walk, head, walk.parseCommit(remoteDefault.getObjectId())).map(ObjectId::name);
    } catch (RepositoryNotFoundException | MissingObjectException | IncorrectObjectTypeException | CorruptObjectException e) {
      log.warn("worktree unusable path={} reason={}", dir, e.toString());
      return Optional.empty();
    }
  }

  /**
   * Clones into a temporary sibling and renames it into place, so {@code dir} is either absent or
   * complete. Starts the branch from origin's copy of it when there is one (the fix was already
   * pushed before this host lost its worktree), else from the default branch.
   */
  private String cloneWorktree(Path dir, String branch, ServiceSpec spec, Optional<WorktreeRecord> recorded)
      throws IOException, GitAPIException, URISyntaxException {
    Path parent = Files.createDirectories(dir.getParent());
    String prefix = dir.getFileName() + ".clone-";
    try (Stream<Path> stale = Files.list(parent)) {
      for (Path p : stale.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
        AtomicFiles.deleteTree(p);
      }
    }
    Path temp = parent.resolve(prefix + UUID.randomUUID());
    String base;
    try {
      try (Git git = Clones.cloneNoCheckout(temp, GitOrigin.uri(spec), false, "clone")) {
        Repository repo = git.getRepository();
        Ref remoteDefault = repo.exactRef(REMOTES + spec.defaultBranch());
        if (remoteDefault == null) {
          throw Failures.nonRetryable(
              Errors.CONFIG_INVALID,
              "origin " + spec.origin() + " has no branch '" + spec.defaultBranch() + "' (defaultBranch of " + spec.name() + ")");
        }
        Ref remoteBranch = repo.exactRef(REMOTES + branch);
        ObjectId start = remoteBranch != null ? remoteBranch.getObjectId() : remoteDefault.getObjectId();
        // the branch, HEAD on it, then one checkout of its tree (the clone checked out nothing)
        RefUpdate create = repo.updateRef(Constants.R_HEADS + branch);
        create.setNewObjectId(start);
        create.setExpectedOldObjectId(ObjectId.zeroId());
        requireUpdated(create.update(), branch);
        requireUpdated(repo.updateRef(Constants.HEAD).link(Constants.R_HEADS + branch), Constants.HEAD);
        git.reset().setMode(ResetCommand.ResetType.HARD).call();
        try (RevWalk walk = new RevWalk(repo)) {
          RevCommit head = walk.parseCommit(start);
          RevCommit defaultHead = walk.parseCommit(remoteDefault.getObjectId());
          if (remoteBranch == null) {
            base = defaultHead.name();
          } else if (recorded.isPresent()
              && repo.getObjectDatabase().has(ObjectId.fromString(recorded.get().baseCommit()))
              && walk.isMergedInto(walk.parseCommit(ObjectId.fromString(recorded.get().baseCommit())), head)) {
            base = recorded.get().baseCommit();
          } else {
            base = mergeBase(walk, head, defaultHead).orElse(defaultHead).name();
          }
        }
      }
      try {
        Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, dir);
      }
    } finally {
      AtomicFiles.deleteTree(temp);
    }
    return base;
  }

  private static void requireUpdated(RefUpdate.Result result, String ref) throws IOException {
    if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED && result != RefUpdate.Result.NO_CHANGE) {
      throw new IOException("could not set " + ref + " in the new clone: " + result);
    }
  }

  private static Optional<RevCommit> mergeBase(RevWalk walk, RevCommit a, RevCommit b) throws IOException {
    walk.reset();
    walk.setRevFilter(RevFilter.MERGE_BASE);
    walk.markStart(a);
    walk.markStart(b);
    RevCommit base = walk.next();
    walk.reset();
    walk.setRevFilter(RevFilter.ALL);
    return Optional.ofNullable(base);
  }

  private Optional<WorktreeRecord> readRecord(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      WorktreeRecord record = json.readValue(file.toFile(), WorktreeRecord.class);
      return record.baseCommit() != null && ObjectId.isId(record.baseCommit()) ? Optional.of(record) : Optional.empty();
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      // written atomically, so this is a hand edit; the repository can tell us the base again
      log.warn("worktree record unreadable, ignoring path={} reason={}", file, e.getOriginalMessage());
      return Optional.empty();
    }
  }

  private void writeRecord(Path file, WorktreeRecord record) throws IOException {
    AtomicFiles.write(file, json.writeValueAsBytes(record));
  }

  // ---------------------------------------------------------------------------------------------
  // merge

  @Override
  public MergeResult merge(MergeRequest request) {
    ServiceSpec spec = catalog.require(request.service());
    String incidentId = request.incidentId();
    RequestChecks.requireIncident(incidentId, request.service(), Errors.INVALID_REQUEST);
    String branch = IncidentIds.branch(incidentId);
    if (request.branch() != null && !request.branch().equals(branch)) {
      throw Failures.nonRetryable(
          Errors.MERGE_CONFLICT, "branch '" + request.branch() + "' is not the incident's branch '" + branch + "'");
    }
    RequestChecks.requireCommit(request.commit(), "commit", Errors.MERGE_CONFLICT);
    requireLocalOriginExists(spec);
    String target = Constants.R_HEADS + spec.defaultBranch();
    try (Repository scratch = scratchRepo(incidentId)) {
      fetch(scratch, spec, List.of(spec.defaultBranch(), branch));
      ObjectId defaultHead = remoteTracking(scratch, spec, spec.defaultBranch());

      Optional<RevCommit> earlier =
          SelfhealCommits.findOnFirstParents(scratch, defaultHead, SelfhealCommits.INCIDENT_TRAILER, incidentId, true);
      if (earlier.isPresent()) {
        RevCommit merge = earlier.get();
        if (!merge.getParent(1).name().equals(request.commit())) {
          log.warn("earlier merge names another commit incident={} merge={} merged={} requested={}",
              incidentId, merge.name(), merge.getParent(1).name(), request.commit());
        }
        log.info("already merged incident={} branch={} merge={}", incidentId, branch, merge.name());
        return new MergeResult(merge.name(), true);
      }

      Ref branchRef = scratch.exactRef(REMOTES + branch);
      if (branchRef == null) {
        throw Failures.nonRetryable(
            Errors.MERGE_CONFLICT, "branch " + branch + " is not on origin " + spec.origin() + "; was the review opened?");
      }
      if (!branchRef.getObjectId().name().equals(request.commit())) {
        throw Failures.nonRetryable(
            Errors.MERGE_CONFLICT,
            "branch moved: " + branch + " on origin is at " + branchRef.getObjectId().name()
                + ", but the approved commit is " + request.commit() + "; the change must be reviewed again");
      }

      ObjectId mergeId;
      try (RevWalk walk = new RevWalk(scratch); ObjectInserter inserter = scratch.newObjectInserter()) {
        RevCommit head = walk.parseCommit(defaultHead);
        RevCommit fix = walk.parseCommit(branchRef.getObjectId());
        if (walk.isMergedInto(fix, head)) {
          throw Failures.nonRetryable(
              Errors.MERGE_CONFLICT,
              "commit " + fix.name() + " is already on " + spec.defaultBranch() + " without a selfheal merge; nothing to merge");
        }
        ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(scratch, true);
        if (!merger.merge(head, fix)) {
          throw Failures.nonRetryable(Errors.MERGE_CONFLICT, conflictMessage(merger, branch, spec.defaultBranch()));
        }
        String message =
            "Merge " + branch + ": " + SelfhealCommits.firstLine(fix.getFullMessage()) + "\n\n"
                + SelfhealCommits.INCIDENT_TRAILER + ": " + incidentId + "\n";
        mergeId = insertCommit(inserter, merger.getResultTreeId(), message, head, fix);
      }
      push(scratch, spec, mergeId, target, defaultHead);
      log.info("merged incident={} branch={} commit={} into={} merge={}",
          incidentId, branch, request.commit(), spec.defaultBranch(), mergeId.name());
      return new MergeResult(mergeId.name(), false);
    } catch (IOException | GitAPIException | URISyntaxException e) {
      throw new GitStepException("merge incident=" + incidentId + ": " + e.getMessage(), e);
    }
  }

  private static String conflictMessage(ResolveMerger merger, String branch, String defaultBranch) {
    List<String> paths = new ArrayList<>(merger.getUnmergedPaths());
    if (merger.getFailingPaths() != null) {
      merger.getFailingPaths().forEach((path, reason) -> paths.add(path + " (" + reason + ")"));
    }
    return "merge conflict: " + branch + " does not merge cleanly into " + defaultBranch
        + "; conflicting paths: " + String.join(", ", paths) + "; nothing was pushed";
  }

  // ---------------------------------------------------------------------------------------------
  // revert

  @Override
  public RevertResult revert(RevertRequest request) {
    ServiceSpec spec = catalog.require(request.service());
    String incidentId = request.incidentId();
    RequestChecks.requireIncident(incidentId, request.service(), Errors.INVALID_REQUEST);
    RequestChecks.requireCommit(request.mergeCommit(), "mergeCommit", Errors.MERGE_CONFLICT);
    requireLocalOriginExists(spec);
    String target = Constants.R_HEADS + spec.defaultBranch();
    try (Repository scratch = scratchRepo(incidentId)) {
      fetch(scratch, spec, List.of(spec.defaultBranch()));
      ObjectId defaultHead = remoteTracking(scratch, spec, spec.defaultBranch());

      Optional<RevCommit> earlier =
          SelfhealCommits.findOnFirstParents(
              scratch, defaultHead, SelfhealCommits.REVERT_TRAILER, request.mergeCommit(), false);
      if (earlier.isPresent()) {
        log.info("already reverted incident={} merge={} revert={}", incidentId, request.mergeCommit(), earlier.get().name());
        return new RevertResult(earlier.get().name(), true);
      }

      ObjectId revertId;
      try (RevWalk walk = new RevWalk(scratch); ObjectInserter inserter = scratch.newObjectInserter()) {
        RevCommit head = walk.parseCommit(defaultHead);
        ObjectId mergeId = ObjectId.fromString(request.mergeCommit());
        if (!scratch.getObjectDatabase().has(mergeId)) {
          throw Failures.nonRetryable(
              Errors.MERGE_CONFLICT, "mergeCommit " + mergeId.name() + " is not on " + spec.defaultBranch() + " of " + spec.origin());
        }
        RevCommit merge = walk.parseCommit(mergeId);
        if (!walk.isMergedInto(merge, head)) {
          throw Failures.nonRetryable(
              Errors.MERGE_CONFLICT, "mergeCommit " + merge.name() + " is not on " + spec.defaultBranch() + " of " + spec.origin());
        }
        if (merge.getParentCount() < 2) {
          throw Failures.nonRetryable(
              Errors.MERGE_CONFLICT, "mergeCommit " + merge.name() + " is not a merge commit; refusing to revert it");
        }
        // revert = three-way merge of the current head with the merge's mainline parent, based
        // on the merge itself (what `git revert -m 1` does)
        RevCommit mainline = walk.parseCommit(merge.getParent(0));
        ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(scratch, true);
        merger.setBase(merge.getTree());
        if (!merger.merge(head, mainline)) {
          throw Failures.nonRetryable(
              Errors.MERGE_CONFLICT,
              "revert of " + merge.name() + " conflicts with later changes on " + spec.defaultBranch()
                  + "; conflicting paths: " + String.join(", ", merger.getUnmergedPaths()) + "; nothing was pushed");
        }
        String message =
            "Revert selfheal fix for " + incidentId + "\n\n"
                + "This reverts merge commit " + merge.name() + " (mainline parent 1):\n"
                + SelfhealCommits.firstLine(merge.getFullMessage()) + "\n\n"
                + SelfhealCommits.INCIDENT_TRAILER + ": " + incidentId + "\n"
                + SelfhealCommits.REVERT_TRAILER + ": " + merge.name() + "\n";
        revertId = insertCommit(inserter, merger.getResultTreeId(), message, head);
      }
      push(scratch, spec, revertId, target, defaultHead);
      log.info("reverted incident={} merge={} revert={}", incidentId, request.mergeCommit(), revertId.name());
      return new RevertResult(revertId.name(), false);
    } catch (IOException | GitAPIException | URISyntaxException e) {
      throw new GitStepException("revert incident=" + incidentId + ": " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // shared

  /**
   * {@code <incidentDir>/merge-clone}: a bare repository, reused and fetched into on each call.
   * Merges are built in memory (no working tree to leave dirty); a directory that does not open as
   * a repository (crash while it was created) is made anew.
   */
  private Repository scratchRepo(String incidentId) throws IOException, GitAPIException {
    Path dir = workspace.incidentDir(incidentId).resolve("merge-clone");
    if (Files.isDirectory(dir)) {
      try {
        Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
        if (repo.isBare()) {
          return repo;
        }
        repo.close();
      } catch (RepositoryNotFoundException | IllegalArgumentException e) {
        log.warn("scratch clone unusable, recreating incident={} path={}", incidentId, dir);
      }
      AtomicFiles.deleteTree(dir);
    }
    return Clones.init(dir, true);
  }

  /** Fetches those of {@code branches} that exist on origin into {@code refs/remotes/origin/*}. */
  private void fetch(Repository repo, ServiceSpec spec, List<String> branches) throws GitAPIException, IOException {
    Map<String, Ref> heads = Git.lsRemoteRepository().setRemote(GitOrigin.uri(spec)).setHeads(true).callAsMap();
    List<RefSpec> specs = new ArrayList<>();
    for (String branch : branches) {
      if (heads.containsKey(Constants.R_HEADS + branch)) {
        specs.add(new RefSpec("+" + Constants.R_HEADS + branch + ":" + REMOTES + branch));
      } else {
        // deleted on origin: drop the copy from an earlier call so it is never trusted
        deleteRef(repo, REMOTES + branch);
      }
    }
    if (!specs.isEmpty()) {
      Git.wrap(repo)
          .fetch()
          .setRemote(GitOrigin.uri(spec))
          .setRefSpecs(specs)
          .setProgressMonitor(new HeartbeatMonitor("fetch"))
          .call();
    }
  }

  private static void deleteRef(Repository repo, String name) throws IOException {
    if (repo.exactRef(name) != null) {
      var update = repo.updateRef(name);
      update.setForceUpdate(true);
      update.delete();
    }
  }

  private static ObjectId remoteTracking(Repository repo, ServiceSpec spec, String branch) throws IOException {
    Ref ref = repo.exactRef(REMOTES + branch);
    if (ref == null) {
      throw Failures.nonRetryable(
          Errors.CONFIG_INVALID,
          "origin " + spec.origin() + " has no branch '" + branch + "' (defaultBranch of " + spec.name() + ")");
    }
    return ref.getObjectId();
  }

  private static ObjectId insertCommit(ObjectInserter inserter, ObjectId tree, String message, ObjectId... parents)
      throws IOException {
    PersonIdent ident = SelfhealCommits.ident();
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(tree);
    commit.setParentIds(parents);
    commit.setAuthor(ident);
    commit.setCommitter(ident);
    commit.setMessage(message);
    ObjectId id = inserter.insert(commit);
    inserter.flush();
    return id;
  }

  /**
   * Pushes {@code newId} to {@code remoteRef} only if origin still has {@code expectedOld} there.
   * If someone pushed in between, the push is rejected and the activity fails retryably: the
   * retry fetches again and builds the merge on the new head.
   */
  private static void push(Repository repo, ServiceSpec spec, ObjectId newId, String remoteRef, ObjectId expectedOld)
      throws IOException, URISyntaxException {
    try (Transport transport = Transport.open(repo, new URIish(GitOrigin.uri(spec)))) {
      RemoteRefUpdate update = new RemoteRefUpdate(repo, (String) null, newId, remoteRef, false, null, expectedOld);
      PushResult result = transport.push(new HeartbeatMonitor("push"), List.of(update));
      RemoteRefUpdate done = result.getRemoteUpdate(remoteRef);
      RemoteRefUpdate.Status status = done.getStatus();
      if (status != RemoteRefUpdate.Status.OK && status != RemoteRefUpdate.Status.UP_TO_DATE) {
        throw new IOException(
            "push of " + newId.name() + " to " + remoteRef + " on " + spec.origin() + " was not accepted: " + status
                + (done.getMessage() == null ? "" : " (" + done.getMessage() + ")"));
      }
    }
  }

  /** A local origin that does not exist is a catalog mistake, not something a retry fixes. */
  private static void requireLocalOriginExists(ServiceSpec spec) {
    Optional<Path> local = GitOrigin.localPath(spec);
    if (local.isPresent() && !Files.isDirectory(local.get())) {
      throw Failures.nonRetryable(
          Errors.CONFIG_INVALID, "origin " + spec.origin() + " of " + spec.name() + " is not a directory");
    }
  }
}
