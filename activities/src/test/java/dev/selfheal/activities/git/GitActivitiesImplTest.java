package dev.selfheal.activities.git;

import dev.selfheal.activities.Heartbeats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.activities.Workspace;
import dev.selfheal.workflows.IncidentIds;
import dev.selfheal.workflows.messages.requests.MergeRequest;
import dev.selfheal.workflows.messages.requests.RevertRequest;
import dev.selfheal.workflows.messages.requests.WorktreeRequest;
import dev.selfheal.workflows.messages.values.MergeResult;
import dev.selfheal.workflows.messages.values.RevertResult;
import dev.selfheal.workflows.messages.values.Worktree;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitActivitiesImplTest {
  private static final String INCIDENT = "incident-report-service-fp1";
  private static final String BRANCH = IncidentIds.branch(INCIDENT);

  @TempDir Path tmp;
  private Path origin;
  private Workspace workspace;
  private GitActivitiesImpl git;

  @BeforeEach
  void setUp() throws Exception {
    origin = GitFixtures.bareOrigin(tmp.resolve("origin.git"), Map.of(
        "README.md", "report service\n",
        "src/app.txt", "line one\nline two\nline three\n"));
    workspace = new Workspace(tmp.resolve("ws"));
    git = new GitActivitiesImpl(GitFixtures.catalog(origin, tmp.resolve("deploy"), "true", Map.of()), workspace, "selfheal-repair@host-a");
  }

  @Test
  void prepareWorktreeTwiceReusesTheCloneAndKeepsTheBase() throws Exception {
    String mainAtStart = GitFixtures.head(origin, "main");
    Worktree first = git.prepareWorktree(new WorktreeRequest(INCIDENT, GitFixtures.SERVICE));

    assertThat(first.path()).isEqualTo(workspace.worktreeDir(INCIDENT).toString());
    assertThat(first.branch()).isEqualTo(BRANCH);
    assertThat(first.baseCommit()).isEqualTo(mainAtStart);
    assertThat(first.hostQueue()).isEqualTo("selfheal-repair@host-a");
    assertThat(workspace.incidentDir(INCIDENT).resolve("worktree.json")).content().contains(mainAtStart);

    // what a fix stage leaves behind: a commit and an untracked file; neither may be lost
    Path dir = Path.of(first.path());
    Files.writeString(dir.resolve("marker.txt"), "from the first clone");
    String fixCommit = commitInWorktree(dir, "src/app.txt", "line one\nline 2\nline three\n", "fix");
    GitFixtures.commit(origin, "main", Map.of("README.md", "moved on\n"), List.of(), "main moves on");

    Worktree second = git.prepareWorktree(new WorktreeRequest(INCIDENT, GitFixtures.SERVICE));

    assertThat(second).isEqualTo(first);
    assertThat(dir.resolve("marker.txt")).exists();
    try (Git wt = Git.open(dir.toFile())) {
      assertThat(wt.getRepository().resolve("HEAD").name()).isEqualTo(fixCommit);
      assertThat(wt.getRepository().getBranch()).isEqualTo(BRANCH);
    }
    try (var siblings = Files.list(dir.getParent())) {
      assertThat(siblings.toList()).containsExactly(dir); // one clone, no leftovers
    }
  }

  @Test
  void brokenWorktreeIsClonedAgain() throws Exception {
    Path dir = workspace.worktreeDir(INCIDENT);
    // what a crash half way through a clone can leave
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve(".git").resolve("config"), "[core]\n");
    Files.writeString(dir.resolve("partial.txt"), "x");

    Worktree worktree = git.prepareWorktree(new WorktreeRequest(INCIDENT, GitFixtures.SERVICE));

    assertThat(dir.resolve("partial.txt")).doesNotExist();
    assertThat(dir.resolve("README.md")).hasContent("report service\n");
    assertThat(worktree.baseCommit()).isEqualTo(GitFixtures.head(origin, "main"));
    try (Git wt = Git.open(dir.toFile())) {
      assertThat(wt.getRepository().getBranch()).isEqualTo(BRANCH);
    }
  }

  @Test
  void lostWorktreeIsRebuiltFromTheBranchOnOrigin() throws Exception {
    Worktree first = git.prepareWorktree(new WorktreeRequest(INCIDENT, GitFixtures.SERVICE));
    String fix = commitInWorktree(Path.of(first.path()), "src/app.txt", "changed\n", "fix");
    pushBranch(Path.of(first.path()));
    GitFixtures.commit(origin, "main", Map.of("README.md", "moved on\n"), List.of(), "main moves on");
    GitFixtures.deleteTree(Path.of(first.path()));

    Worktree again = git.prepareWorktree(new WorktreeRequest(INCIDENT, GitFixtures.SERVICE));

    assertThat(again.baseCommit()).isEqualTo(first.baseCommit());
    try (Git wt = Git.open(Path.of(again.path()).toFile())) {
      assertThat(wt.getRepository().resolve("HEAD").name()).isEqualTo(fix);
    }
  }

  @Test
  void incidentOfAnotherServiceIsRefused() {
    assertThatThrownBy(() -> git.prepareWorktree(new WorktreeRequest("incident-other-fp1", GitFixtures.SERVICE)))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("INVALID_REQUEST");
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage()).contains("does not belong to service 'report-service'");
        });
  }

  @Test
  void mergeTwiceMakesExactlyOneMergeCommit() throws Exception {
    String mainBefore = GitFixtures.head(origin, "main");
    String fix = reviewedFix("line one\nline 2\nline three\n");

    MergeResult first = git.merge(new MergeRequest(INCIDENT, GitFixtures.SERVICE, BRANCH, fix));
    MergeResult second = git.merge(new MergeRequest(INCIDENT, GitFixtures.SERVICE, BRANCH, fix));

    assertThat(first.alreadyMerged()).isFalse();
    assertThat(second.alreadyMerged()).isTrue();
    assertThat(second.mergeCommit()).isEqualTo(first.mergeCommit());
    assertThat(GitFixtures.head(origin, "main")).isEqualTo(first.mergeCommit());

    List<RevCommit> history = GitFixtures.firstParents(origin, "main");
    assertThat(history.stream().filter(c -> c.getParentCount() > 1)).hasSize(1);
    RevCommit merge = GitFixtures.parse(origin, first.mergeCommit());
    assertThat(merge.getParentCount()).isEqualTo(2);
    assertThat(merge.getParent(0).name()).isEqualTo(mainBefore);
    assertThat(merge.getParent(1).name()).isEqualTo(fix);
    assertThat(merge.getFullMessage())
        .startsWith("Merge " + BRANCH + ": fix(report-service): change line two\n\n")
        .endsWith("Selfheal-Incident: " + INCIDENT + "\n");
    assertThat(merge.getAuthorIdent().getEmailAddress()).isEqualTo("selfheal@localhost");
    assertThat(GitFixtures.read(origin, "refs/heads/main", "src/app.txt")).isEqualTo("line one\nline 2\nline three\n");
  }

  @Test
  void mergeOnTopOfNewWorkOnMainStillMergesOnce() throws Exception {
    String fix = reviewedFix("line one\nline 2\nline three\n");
    String other = GitFixtures.commit(origin, "main", Map.of("README.md", "someone else\n"), List.of(), "unrelated");

    MergeResult merged = git.merge(new MergeRequest(INCIDENT, GitFixtures.SERVICE, BRANCH, fix));

    RevCommit merge = GitFixtures.parse(origin, merged.mergeCommit());
    assertThat(merge.getParent(0).name()).isEqualTo(other);
    assertThat(GitFixtures.read(origin, "refs/heads/main", "README.md")).isEqualTo("someone else\n");
  }

  @Test
  void mergeRefusesWhenTheBranchMoved() throws Exception {
    String fix = reviewedFix("line one\nline 2\nline three\n");
    GitFixtures.commit(origin, BRANCH, Map.of("extra.txt", "unreviewed\n"), List.of(), "sneaky");
    String mainBefore = GitFixtures.head(origin, "main");

    assertThatThrownBy(() -> git.merge(new MergeRequest(INCIDENT, GitFixtures.SERVICE, BRANCH, fix)))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("MERGE_CONFLICT");
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage()).contains("branch moved").contains(fix);
        });
    assertThat(GitFixtures.head(origin, "main")).isEqualTo(mainBefore);
  }

  @Test
  void mergeConflictIsNonRetryableAndPushesNothing() throws Exception {
    String fix = reviewedFix("line one\nline 2 from the fix\nline three\n");
    String mainBefore =
        GitFixtures.commit(origin, "main", Map.of("src/app.txt", "line one\nline 2 from someone else\nline three\n"),
            List.of(), "competing change");

    assertThatThrownBy(() -> git.merge(new MergeRequest(INCIDENT, GitFixtures.SERVICE, BRANCH, fix)))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("MERGE_CONFLICT");
          assertThat(f.getOriginalMessage()).contains("src/app.txt").contains("nothing was pushed");
        });
    assertThat(GitFixtures.head(origin, "main")).isEqualTo(mainBefore);
  }

  @Test
  void revertTwiceMakesExactlyOneRevertCommit() throws Exception {
    String fix = reviewedFix("line one\nline 2\nline three\n");
    MergeResult merged = git.merge(new MergeRequest(INCIDENT, GitFixtures.SERVICE, BRANCH, fix));
    GitFixtures.commit(origin, "main", Map.of("README.md", "later work\n"), List.of(), "later work on main");

    RevertResult first = git.revert(new RevertRequest(INCIDENT, GitFixtures.SERVICE, merged.mergeCommit()));
    RevertResult second = git.revert(new RevertRequest(INCIDENT, GitFixtures.SERVICE, merged.mergeCommit()));

    assertThat(first.alreadyReverted()).isFalse();
    assertThat(second.alreadyReverted()).isTrue();
    assertThat(second.revertCommit()).isEqualTo(first.revertCommit());
    assertThat(GitFixtures.head(origin, "main")).isEqualTo(first.revertCommit());
    assertThat(GitFixtures.firstParents(origin, "main").stream()
            .filter(c -> !c.getFooterLines("Selfheal-Revert").isEmpty()))
        .hasSize(1);
    RevCommit revert = GitFixtures.parse(origin, first.revertCommit());
    assertThat(revert.getShortMessage()).isEqualTo("Revert selfheal fix for " + INCIDENT);
    assertThat(revert.getFooterLines("Selfheal-Incident")).containsExactly(INCIDENT);
    assertThat(revert.getFooterLines("Selfheal-Revert")).containsExactly(merged.mergeCommit());
    // the fix is gone, the later work stays
    assertThat(GitFixtures.read(origin, "refs/heads/main", "src/app.txt")).isEqualTo("line one\nline two\nline three\n");
    assertThat(GitFixtures.read(origin, "refs/heads/main", "README.md")).isEqualTo("later work\n");
    // a merge retried after the revert still finds its own merge, not a new one
    assertThat(git.merge(new MergeRequest(INCIDENT, GitFixtures.SERVICE, BRANCH, fix)).mergeCommit())
        .isEqualTo(merged.mergeCommit());
  }

  @Test
  void revertOfSomethingThatIsNotAMergeIsRefused() throws Exception {
    String plain = GitFixtures.head(origin, "main");
    assertThatThrownBy(() -> git.revert(new RevertRequest(INCIDENT, GitFixtures.SERVICE, plain)))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("MERGE_CONFLICT");
          assertThat(f.getOriginalMessage()).contains("is not a merge commit");
        });
    assertThatThrownBy(() -> git.revert(new RevertRequest(INCIDENT, GitFixtures.SERVICE, "abc123")))
        .isInstanceOfSatisfying(ApplicationFailure.class, f ->
            assertThat(f.getOriginalMessage()).contains("not a full 40-digit commit id"));
  }

  @Test
  void heartbeatsAreSkippedOutsideAnActivity() {
    Heartbeats.beat("no activity here");
    assertThat(Heartbeats.current()).isNull();
  }

  /** A worktree with a fix commit on the incident branch, pushed to origin as a review would. */
  private String reviewedFix(String content) throws Exception {
    Worktree worktree = git.prepareWorktree(new WorktreeRequest(INCIDENT, GitFixtures.SERVICE));
    Path dir = Path.of(worktree.path());
    String fix = commitInWorktree(dir, "src/app.txt", content,
        "fix(report-service): change line two\n\nSelfheal-Incident: " + INCIDENT + "\n");
    pushBranch(dir);
    return fix;
  }

  private static String commitInWorktree(Path dir, String path, String content, String message) throws Exception {
    Files.writeString(dir.resolve(path), content);
    try (Git wt = Git.open(dir.toFile())) {
      wt.add().addFilepattern(path).call();
      return wt.commit().setMessage(message).setAuthor(SelfhealCommits.ident()).setCommitter(SelfhealCommits.ident())
          .setSign(false).call().name();
    }
  }

  private void pushBranch(Path dir) throws Exception {
    try (Git wt = Git.open(dir.toFile())) {
      wt.push().setRemote(origin.toString()).setRefSpecs(new RefSpec("refs/heads/" + BRANCH + ":refs/heads/" + BRANCH)).call();
    }
  }
}
