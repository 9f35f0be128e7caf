package dev.selfheal.activities.fix;

import static dev.selfheal.activities.diagnosis.llm.FakeLlmServer.chatCompletion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.diagnosis.llm.FakeLlmServer;
import dev.selfheal.activities.diagnosis.llm.LlmConfig;
import dev.selfheal.activities.diagnosis.llm.OpenAiCompatibleClient;
import dev.selfheal.activities.diagnosis.llm.RetryPolicy;
import dev.selfheal.activities.fix.guard.GuardPolicy;
import dev.selfheal.activities.fix.llm.LlmEditor;
import dev.selfheal.activities.git.GitActivitiesImpl;
import dev.selfheal.activities.git.GitFixtures;
import dev.selfheal.workflows.messages.requests.FixRequest;
import dev.selfheal.workflows.messages.requests.WorktreeRequest;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.FixResult;
import dev.selfheal.workflows.messages.values.Worktree;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fix stage with an LLM configured, on a real git worktree and a fake OpenAI-compatible server. */
class FixActivitiesLlmEditTest {
  private static final String INCIDENT = "incident-report-service-fp9";
  private static final String NEW_TEST = "src/test/java/dev/selfheal/example/report/TemplateLoaderRegressionTest.java";
  private static final String OLD_OPEN = "try (InputStream in = new FileInputStream(TEMPLATE_PATH)) {";
  private static final String NEW_OPEN = "try (InputStream in = TemplateLoader.class.getResourceAsStream(\"/report-template.html\")) {";

  @TempDir Path tmp;
  private FakeLlmServer server;
  private Workspace workspace;
  private ServiceCatalog catalog;
  private Worktree worktree;
  private LlmEditor editor;

  @BeforeEach
  void setUp() throws Exception {
    Path origin = GitFixtures.bareOrigin(tmp.resolve("origin.git"), ReportServiceFixture.files());
    workspace = new Workspace(tmp.resolve("ws"));
    catalog = GitFixtures.catalog(origin, tmp.resolve("deploy"), "true", Map.of());
    worktree = new GitActivitiesImpl(catalog, workspace, "q").prepareWorktree(new WorktreeRequest(INCIDENT, GitFixtures.SERVICE));
    server = new FakeLlmServer();
    LlmConfig config = new LlmConfig(LlmConfig.Api.OPENAI, server.baseUrl(), "test-model", null,
        Duration.ofSeconds(5), 2_000, 20_000, LlmConfig.ResponseFormat.JSON_OBJECT);
    editor = new LlmEditor(new OpenAiCompatibleClient(config, new RetryPolicy(0, Duration.ZERO, Duration.ZERO)), 2_000, 20_000);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String goodAnswer() {
    ObjectNode answer = FakeLlmServer.JSON.createObjectNode();
    answer.putArray("edits").addObject().put("file", ReportServiceFixture.LOADER).put("search", OLD_OPEN)
        .put("replace", NEW_OPEN);
    answer.putObject("regressionTest").put("file", NEW_TEST).put("content", """
        package dev.selfheal.example.report;

        import static dev.selfheal.example.report.testkit.Assert.assertTrue;

        public class TemplateLoaderRegressionTest {
          public void testLoadsWithoutTheTmpCopy() throws Exception {
            assertTrue(new TemplateLoader().load().contains("<html"), "template from the classpath");
          }
        }
        """);
    answer.put("explanation", "read the template from the classpath, not /tmp");
    return answer.toString();
  }

  private FixRequest request(Diagnosis diagnosis) {
    return new FixRequest(INCIDENT, GitFixtures.SERVICE, worktree, diagnosis);
  }

  /** No recipe named: the registry has nothing, so the model is asked. */
  private static Diagnosis withoutRecipe() {
    return ReportServiceFixture.diagnosis(null, ReportServiceFixture.MISSING);
  }

  @Test
  void anLlmEditIsCommittedOnceWithTheModelRecorded() throws Exception {
    server.reply(chatCompletion(goodAnswer()));
    FixActivitiesImpl fixer = new FixActivitiesImpl(catalog, workspace, RecipeRegistry.builtIn(),
        service -> GuardPolicy.defaults(), editor);

    FixResult first = fixer.applyFix(request(withoutRecipe()));
    FixResult second = fixer.applyFix(request(withoutRecipe()));

    assertThat(second).isEqualTo(first);
    assertThat(server.received()).hasSize(1); // the second call found the commit and asked nobody
    assertThat(first.recipeId()).isEqualTo(LlmEditor.RECIPE_ID);
    assertThat(first.files()).containsExactlyInAnyOrder(ReportServiceFixture.LOADER, NEW_TEST);
    List<RevCommit> commits = fixCommits();
    assertThat(commits).hasSize(1);
    RevCommit commit = commits.get(0);
    assertThat(commit.name()).isEqualTo(first.commit());
    assertThat(commit.getFooterLines("Selfheal-Incident")).containsExactly(INCIDENT);
    assertThat(commit.getFooterLines("Selfheal-Recipe")).containsExactly(LlmEditor.RECIPE_ID);
    assertThat(commit.getFooterLines("Selfheal-Model")).containsExactly("fake-gpt");
    Path dir = Path.of(worktree.path());
    assertThat(Files.readString(dir.resolve(ReportServiceFixture.LOADER))).contains(NEW_OPEN).doesNotContain(OLD_OPEN);
    assertThat(new String(Files.readAllBytes(Path.of(first.diffPath())))).contains("+++ b/" + NEW_TEST);
    try (Git git = Git.open(dir.toFile())) {
      assertThat(git.status().call().isClean()).isTrue();
    }
  }

  @Test
  void aFailedLlmEditIsNoRecipeAndLeavesNoCommit() throws Exception {
    server.reply(chatCompletion("I cannot help with that."), chatCompletion("still not JSON"));
    FixActivitiesImpl fixer = new FixActivitiesImpl(catalog, workspace, RecipeRegistry.builtIn(),
        service -> GuardPolicy.defaults(), editor);

    assertThatThrownBy(() -> fixer.applyFix(request(withoutRecipe())))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("NO_RECIPE");
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage()).startsWith("the diagnosis names no recipe (known recipes: ")
              .contains("; the LLM edit failed: MALFORMED: ").endsWith("(after one correction)");
        });
    assertThat(fixCommits()).isEmpty();
    try (Git git = Git.open(Path.of(worktree.path()).toFile())) {
      assertThat(git.status().call().isClean()).isTrue();
    }
  }

  @Test
  void thePatchGuardJudgesAnLlmEditAsItJudgesARecipe() throws Exception {
    server.reply(chatCompletion(goodAnswer()));
    FixActivitiesImpl oneFile = new FixActivitiesImpl(catalog, workspace, RecipeRegistry.builtIn(),
        service -> new GuardPolicy(null, 1, 400), editor);

    assertThatThrownBy(() -> oneFile.applyFix(request(withoutRecipe())))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("PATCH_REFUSED");
          assertThat(f.getOriginalMessage()).startsWith("patch guard refused TOO_LARGE: ").contains("2 files, at most 1");
        });
    assertThat(fixCommits()).isEmpty();
    Path dir = Path.of(worktree.path());
    assertThat(dir.resolve(NEW_TEST)).doesNotExist();
    assertThat(Files.readString(dir.resolve(ReportServiceFixture.LOADER))).isEqualTo(ReportServiceFixture.LOADER_SOURCE);
  }

  @Test
  void withoutAnLlmNoRecipeIsAsBefore() {
    FixActivitiesImpl fixer = new FixActivitiesImpl(catalog, workspace);

    assertThatThrownBy(() -> fixer.applyFix(request(withoutRecipe())))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("NO_RECIPE");
          assertThat(f.getOriginalMessage()).startsWith("the diagnosis names no recipe").doesNotContain("LLM");
        });
    assertThat(server.received()).isEmpty();
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
