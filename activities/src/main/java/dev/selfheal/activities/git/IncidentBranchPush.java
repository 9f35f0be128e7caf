package dev.selfheal.activities.git;

import dev.selfheal.activities.Failures;
import dev.selfheal.activities.config.ServiceSpec;
import dev.selfheal.workflows.Errors;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes an incident's fix commit to its branch on origin, for every code host: the review is
 * opened on the host's API, the branch it names always travels by git.
 *
 * <p>Credentials are git's business, not this class's: an {@code ssh://} or {@code git@host:}
 * origin uses the worker user's SSH keys and known_hosts (JGit reads {@code ~/.ssh}); an HTTPS
 * origin needs credentials JGit can find. A token spliced into the origin URL is deliberately
 * not supported here: it would be written into logs and failure messages that name the origin.
 */
public final class IncidentBranchPush {
  private static final Logger log = LoggerFactory.getLogger(IncidentBranchPush.class);

  private IncidentBranchPush() {}

  /**
   * Pushes exactly {@code commit} to {@code branch}, without force: a second push of the same
   * commit is a no-op, and a branch that holds something else is left alone.
   */
  public static void push(ServiceSpec spec, Path worktree, String branch, String commit)
      throws IOException, GitAPIException, URISyntaxException {
    String remoteRef = Constants.R_HEADS + branch;
    ObjectId id = ObjectId.fromString(commit);
    try (Git git = Git.open(worktree.toFile())) {
      Repository repo = git.getRepository();
      if (!repo.getObjectDatabase().has(id)) {
        throw Failures.nonRetryable(Errors.PATCH_REFUSED, "fix commit " + commit + " is not in the worktree " + worktree);
      }
      try (Transport transport = Transport.open(repo, new URIish(GitOrigin.uri(spec)))) {
        RemoteRefUpdate update = new RemoteRefUpdate(repo, (String) null, id, remoteRef, false, null, null);
        PushResult result = transport.push(new HeartbeatMonitor("push"), List.of(update));
        RemoteRefUpdate.Status status = result.getRemoteUpdate(remoteRef).getStatus();
        if (status == RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD) {
          throw Failures.nonRetryable(
              Errors.MERGE_CONFLICT,
              "origin " + spec.origin() + " has " + branch + " at a commit that is not an ancestor of the fix commit "
                  + commit + "; refusing to force-push over it");
        }
        if (status != RemoteRefUpdate.Status.OK && status != RemoteRefUpdate.Status.UP_TO_DATE) {
          throw new IOException("push of " + branch + " to " + spec.origin() + " was not accepted: " + status);
        }
      }
    }
    Ref remote = Git.lsRemoteRepository().setRemote(GitOrigin.uri(spec)).setHeads(true).callAsMap().get(remoteRef);
    if (remote == null || !remote.getObjectId().equals(id)) {
      throw Failures.nonRetryable(
          Errors.MERGE_CONFLICT,
          "after the push, " + branch + " on origin is at " + (remote == null ? "nothing" : remote.getObjectId().name())
              + ", not at the fix commit " + commit);
    }
    log.info("branch pushed branch={} commit={} origin={}", branch, commit, spec.origin());
  }
}
