package dev.selfheal.activities.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.git.GitActivitiesImpl;
import dev.selfheal.activities.git.GitFixtures;
import dev.selfheal.workflows.messages.requests.FixRequest;
import dev.selfheal.workflows.messages.requests.WorktreeRequest;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.FixResult;
import dev.selfheal.workflows.messages.values.RootCause;
import dev.selfheal.workflows.messages.values.Worktree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe on the real example service (examples/report-service): a copy of it becomes a bare
 * origin, the fix is applied through the activities, and the service's own ./test.sh must pass
 * on the result, the generated regression test included.
 */
class ReportServiceEndToEndTest {
  private static final String INCIDENT = "incident-report-service-e2e";
  private static final String LOADER = "src/main/java/dev/selfheal/example/report/TemplateLoader.java";

  @TempDir Path tmp;

  @Test
  void theFixedExampleServicePassesItsOwnTests() throws Exception {
    Path example = exampleDir();
    assumeTrue(example != null, "examples/report-service is not there");

    Path origin = GitFixtures.bareOriginFrom(tmp.resolve("origin.git"), example, tmp);
    Workspace workspace = new Workspace(tmp.resolve("ws"));
    ServiceCatalog catalog = GitFixtures.catalog(origin, tmp.resolve("deploy"), "true", Map.of());
    Worktree worktree =
        new GitActivitiesImpl(catalog, workspace, "q").prepareWorktree(new WorktreeRequest(INCIDENT, GitFixtures.SERVICE));
    Path dir = Path.of(worktree.path());
    int line = lineOf(dir.resolve(LOADER), "new FileInputStream");
    Diagnosis diagnosis = new Diagnosis(
        new RootCause("report-service", "report-job", "java.io.FileNotFoundException", LOADER, line,
            "/tmp/report-service/report-template.html (No such file or directory)"),
        "missing-volatile-file",
        "report template under /tmp disappeared",
        List.of("the template was removed from /tmp", "TemplateLoader.load failed", "report job failed"),
        List.of("java.io.FileNotFoundException: /tmp/report-service/report-template.html (No such file or directory)"),
        0.9,
        RelocateVolatileResourceRecipe.ID,
        List.of());

    FixResult fix = new FixActivitiesImpl(catalog, workspace).applyFix(new FixRequest(INCIDENT, GitFixtures.SERVICE, worktree, diagnosis));

    String loader = Files.readString(dir.resolve(LOADER));
    assertThat(loader).doesNotContain("/tmp").doesNotContain("FileInputStream").contains("getResourceAsStream(\"/report-template.html\")");
    assertThat(dir.resolve("src/main/resources/report-template.html")).exists();
    assertThat(dir.resolve("deploy/report-template.html")).doesNotExist();
    assertThat(fix.files()).contains("src/test/java/dev/selfheal/example/report/TemplateLoaderResourceRegressionTest.java");

    Path output = tmp.resolve("test-output.txt");
    Process tests = new ProcessBuilder("bash", "-c", "./test.sh")
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
    assertThat(tests.waitFor(5, TimeUnit.MINUTES)).as("test.sh finishes").isTrue();
    String out = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(tests.exitValue()).as("./test.sh on the fixed tree:\n" + out).isZero();
    assertThat(out).contains("PASS TemplateLoaderResourceRegressionTest.").contains(" 0 failed");
  }

  /** The example beside this module, found from the module directory or the project root. */
  static Path exampleDir() {
    for (String candidate : List.of("../examples/report-service", "examples/report-service")) {
      Path dir = Path.of(candidate).toAbsolutePath().normalize();
      if (Files.isRegularFile(dir.resolve("test.sh")) && Files.isRegularFile(dir.resolve(LOADER))) {
        return dir;
      }
    }
    return null;
  }

  private static int lineOf(Path file, String text) throws Exception {
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    return 1;
  }
}
