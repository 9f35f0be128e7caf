package dev.selfheal.activities.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.fix.guard.GuardPolicy;
import dev.selfheal.activities.git.GitActivitiesImpl;
import dev.selfheal.activities.git.GitFixtures;
import dev.selfheal.workflows.IncidentIds;
import dev.selfheal.workflows.messages.requests.FixRequest;
import dev.selfheal.workflows.messages.requests.WorktreeRequest;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.FixResult;
import dev.selfheal.workflows.messages.values.RiskClass;
import dev.selfheal.workflows.messages.values.Worktree;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixActivitiesImplTest {
  private static final String INCIDENT = "incident-report-service-fp7";

  @TempDir Path tmp;
  private Workspace workspace;
  private FixActivitiesImpl fixer;
  private Worktree worktree;
  private ServiceCatalog catalog;

  @BeforeEach
  void setUp() throws Exception {
    Path origin = GitFixtures.bareOrigin(tmp.resolve("origin.git"), ReportServiceFixture.files());
    workspace = new Workspace(tmp.resolve("ws"));
    catalog = GitFixtures.catalog(origin, tmp.resolve("deploy"), "true", Map.of());
    worktree = new GitActivitiesImpl(catalog, workspace, "q").prepareWorktree(new WorktreeRequest(INCIDENT, GitFixtures.SERVICE));
    fixer = new FixActivitiesImpl(catalog, workspace);
  }

  @Test
  void applyingTwiceMakesOneCommitWithTheSameDiff() throws Exception {
    FixResult first = fixer.applyFix(request(ReportServiceFixture.diagnosis()));
    FixResult second = fixer.applyFix(request(ReportServiceFixture.diagnosis()));

    assertThat(second).isEqualTo(first);
    assertThat(fixCommits()).hasSize(1);
    assertThat(first.recipeId()).isEqualTo(RelocateVolatileResourceRecipe.ID);
    assertThat(first.diffStat()).matches("6 files changed, \\d+ insertions\\(\\+\\), \\d+ deletions\\(-\\)");
    assertThat(first.files()).contains(ReportServiceFixture.LOADER, "src/main/resources/report-template.html");
    assertThat(first.risk()).isEqualTo(RiskClass.MEDIUM);

    byte[] diff = Files.readAllBytes(Path.of(first.diffPath()));
    assertThat(Path.of(first.diffPath())).isEqualTo(workspace.incidentDir(INCIDENT).resolve("fix.diff"));
    assertThat(first.diffSha256())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(diff)))
        .matches("[0-9a-f]{64}");
    assertThat(new String(diff))
        .contains("diff --git a/deploy/report-template.html b/deploy/report-template.html")
        .contains("+    try (InputStream in = java.util.Objects.requireNonNull(");

    RevCommit commit = fixCommits().get(0);
    assertThat(commit.name()).isEqualTo(first.commit());
    assertThat(commit.getShortMessage()).isEqualTo("fix(report-service): report template in /tmp vanished under the running service");
    assertThat(commit.getFooterLines("Selfheal-Incident")).containsExactly(INCIDENT);
    assertThat(commit.getFooterLines("Selfheal-Recipe")).containsExactly(RelocateVolatileResourceRecipe.ID);
    assertThat(commit.getFullMessage()).contains("Root cause: java.io.FileNotFoundException in report-job at " + ReportServiceFixture.LOADER + ":17");
    assertThat(commit.getAuthorIdent().getName()).isEqualTo("selfheal");
    assertThat(commit.getCommitterIdent().getEmailAddress()).isEqualTo("selfheal@localhost");
    try (Git git = Git.open(Path.of(worktree.path()).toFile())) {
      assertThat(git.status().call().isClean()).isTrue();
    }
  }

  @Test
  void aHalfAppliedTreeIsResetAndAppliedAgain() throws Exception {
    Path dir = Path.of(worktree.path());
    // a crash after some of the recipe's edits, before the commit
    Files.move(dir.resolve(ReportServiceFixture.TEMPLATE), dir.resolve("half-moved.html"));
    Files.writeString(dir.resolve(ReportServiceFixture.LOADER), "garbage from a crash");

    FixResult result = fixer.applyFix(request(ReportServiceFixture.diagnosis()));

    assertThat(fixCommits()).hasSize(1);
    assertThat(dir.resolve("half-moved.html")).doesNotExist();
    assertThat(result.files()).doesNotContain("half-moved.html");
    assertThat(Files.readString(dir.resolve(ReportServiceFixture.LOADER))).contains("getResourceAsStream(\"/report-template.html\")");
  }

  @Test
  void theDiffIsTheSameWhenComputedAgainAfterARestart() throws Exception {
    FixResult first = fixer.applyFix(request(ReportServiceFixture.diagnosis()));
    Files.delete(Path.of(first.diffPath()));
    FixResult again = new FixActivitiesImpl(GitFixtures.catalog(tmp.resolve("origin.git"), tmp.resolve("deploy"), "true", Map.of()), workspace)
        .applyFix(request(ReportServiceFixture.diagnosis()));

    assertThat(again.diffSha256()).isEqualTo(first.diffSha256());
    assertThat(Path.of(again.diffPath())).exists();
  }

  @Test
  void unknownOrMissingRecipeIsNoRecipe() {
    for (String id : new String[] {"no-such-recipe", null}) {
      Diagnosis d = ReportServiceFixture.diagnosis(id, ReportServiceFixture.MISSING);
      assertThatThrownBy(() -> fixer.applyFix(request(d)))
          .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
            assertThat(f.getType()).isEqualTo("NO_RECIPE");
            assertThat(f.isNonRetryable()).isTrue();
            assertThat(f.getOriginalMessage()).contains("relocate-volatile-resource");
          });
    }
  }

  @Test
  void aRefusalIsPatchRefusedAndLeavesTheWorktreeClean() throws Exception {
    Diagnosis d = ReportServiceFixture.diagnosis(RelocateVolatileResourceRecipe.ID, "not found: /opt/report-template.html");

    assertThatThrownBy(() -> fixer.applyFix(request(d)))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("PATCH_REFUSED");
          assertThat(f.getOriginalMessage())
              .startsWith("recipe relocate-volatile-resource refused: the missing file /opt/report-template.html is not under a volatile directory");
        });
    assertThat(fixCommits()).isEmpty();
    try (Git git = Git.open(Path.of(worktree.path()).toFile())) {
      assertThat(git.status().call().isClean()).isTrue();
    }
  }

  @Test
  void aPatchTheGuardRefusesIsNeverCommittedAndLeavesTheWorktreeClean() throws Exception {
    Path dir = Path.of(worktree.path());
    String test = "src/test/java/dev/selfheal/example/report/TemplateLoaderTest.java";
    String testBefore = Files.readString(dir.resolve(test));
    // a "fix" that makes the failure go away by deleting the test, plus a harmless new file
    FixRecipe deletesTheTest = new FixRecipe() {
      @Override
      public String id() {
        return "delete-the-test";
      }

      @Override
      public boolean applies(Diagnosis diagnosis) {
        return true;
      }

      @Override
      public List<String> apply(Path tree, Diagnosis diagnosis) throws java.io.IOException {
        Files.delete(tree.resolve(test));
        Files.writeString(tree.resolve("NOTES.md"), "tests removed\n");
        return List.of(test, "NOTES.md");
      }
    };
    FixActivitiesImpl guarded = new FixActivitiesImpl(catalog, workspace, new RecipeRegistry(List.of(deletesTheTest)));

    assertThatThrownBy(() -> guarded.applyFix(request(ReportServiceFixture.diagnosis("delete-the-test", ReportServiceFixture.MISSING))))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("PATCH_REFUSED");
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage())
              .isEqualTo("patch guard refused TESTS_WEAKENED: " + test + " would delete or weaken tests (deletes the test file)");
        });
    assertThat(fixCommits()).isEmpty();
    assertThat(Files.readString(dir.resolve(test))).isEqualTo(testBefore);
    assertThat(dir.resolve("NOTES.md")).doesNotExist();
    try (Git git = Git.open(dir.toFile())) {
      assertThat(git.status().call().isClean()).isTrue();
    }
  }

  @Test
  void theServicesGuardPolicyBoundsTheRealRecipe() throws Exception {
    Path dir = Path.of(worktree.path());
    FixActivitiesImpl strict = new FixActivitiesImpl(catalog, workspace, RecipeRegistry.builtIn(),
        service -> new GuardPolicy(null, 3, 400));

    assertThatThrownBy(() -> strict.applyFix(request(ReportServiceFixture.diagnosis())))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("PATCH_REFUSED");
          assertThat(f.getOriginalMessage()).startsWith("patch guard refused TOO_LARGE: the patch is larger than the guard allows (");
        });
    // the recipe's move, edits and new test are all undone
    assertThat(fixCommits()).isEmpty();
    assertThat(dir.resolve(ReportServiceFixture.TEMPLATE)).exists();
    assertThat(dir.resolve("src/main/resources/report-template.html")).doesNotExist();
    assertThat(Files.readString(dir.resolve(ReportServiceFixture.LOADER))).isEqualTo(ReportServiceFixture.LOADER_SOURCE);
    try (Git git = Git.open(dir.toFile())) {
      assertThat(git.status().call().isClean()).isTrue();
    }

    // the same worktree takes the fix under the default policy afterwards
    assertThat(fixer.applyFix(request(ReportServiceFixture.diagnosis())).risk()).isEqualTo(RiskClass.MEDIUM);
    assertThat(fixCommits()).hasSize(1);
  }

  @Test
  void aCatalogGuardOfOneFileRefusesATwoFilePatchAsTooLarge() throws Exception {
    Path dir = Path.of(worktree.path());
    Path file = Files.writeString(tmp.resolve("services.yaml"), """
        services:
          report-service:
            origin: %s
            testCommand: ./test.sh
            deploy: {dir: %s, command: "true"}
            health: http://127.0.0.1:1/health
            logs: [/dev/null]
            guard: {maxFiles: 1}
        """.formatted(tmp.resolve("origin.git"), tmp.resolve("deploy")));
    ServiceCatalog strictCatalog = ServiceCatalog.load(file);
    RecipeRegistry twoFiles = new RecipeRegistry(List.of(new FixRecipe() {
      @Override
      public String id() {
        return "two-files";
      }

      @Override
      public boolean applies(Diagnosis diagnosis) {
        return true;
      }

      @Override
      public List<String> apply(Path tree, Diagnosis diagnosis) throws java.io.IOException {
        Files.writeString(tree.resolve("docs-a.md"), "a\n");
        Files.writeString(tree.resolve("docs-b.md"), "b\n");
        return List.of("docs-a.md", "docs-b.md");
      }
    }));
    // wired as the worker wires it: the policy comes from the catalog
    FixActivitiesImpl strict = new FixActivitiesImpl(strictCatalog, workspace, twoFiles, strictCatalog::guardPolicy);
    FixRequest request = request(ReportServiceFixture.diagnosis("two-files", ReportServiceFixture.MISSING));

    assertThatThrownBy(() -> strict.applyFix(request))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("PATCH_REFUSED");
          assertThat(f.getOriginalMessage()).startsWith("patch guard refused TOO_LARGE: ").contains("2 files, at most 1");
        });
    assertThat(fixCommits()).isEmpty();
    assertThat(dir.resolve("docs-a.md")).doesNotExist();

    // the catalog without a guard field allows the same patch
    FixActivitiesImpl lenient = new FixActivitiesImpl(catalog, workspace, twoFiles, catalog::guardPolicy);
    assertThat(lenient.applyFix(request).files()).containsExactlyInAnyOrder("docs-a.md", "docs-b.md");
  }

  @Test
  void aMissingWorktreeIsRefused() {
    FixRequest request = new FixRequest(INCIDENT, GitFixtures.SERVICE,
        new Worktree(tmp.resolve("nowhere").toString(), IncidentIds.branch(INCIDENT), worktree.baseCommit(), "q"),
        ReportServiceFixture.diagnosis());
    assertThatThrownBy(() -> fixer.applyFix(request))
        .isInstanceOfSatisfying(ApplicationFailure.class, f ->
            assertThat(f.getOriginalMessage()).contains("is not a git checkout on this host"));
  }

  @Test
  void diffStatIsWordedLikeGit() {
    assertThat(FixDiff.stat(3, 12, 4)).isEqualTo("3 files changed, 12 insertions(+), 4 deletions(-)");
    assertThat(FixDiff.stat(1, 1, 0)).isEqualTo("1 file changed, 1 insertion(+)");
    assertThat(FixDiff.stat(1, 0, 1)).isEqualTo("1 file changed, 1 deletion(-)");
    assertThat(FixDiff.stat(2, 0, 0)).isEqualTo("2 files changed, 0 insertions(+), 0 deletions(-)");
  }

  private FixRequest request(Diagnosis diagnosis) {
    return new FixRequest(INCIDENT, GitFixtures.SERVICE, worktree, diagnosis);
  }

  private List<RevCommit> fixCommits() throws Exception {
    List<RevCommit> commits = new ArrayList<>();
    try (Git git = Git.open(Path.of(worktree.path()).toFile())) {
      for (RevCommit c : git.log().addRange(ObjectId.fromString(worktree.baseCommit()), git.getRepository().resolve("HEAD")).call()) {
        commits.add(c);
      }
    }
    return commits;
  }
}
