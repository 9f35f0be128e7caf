package dev.selfheal.activities.fix;

import static dev.selfheal.activities.fix.ReportServiceFixture.INSTALL;
import static dev.selfheal.activities.fix.ReportServiceFixture.LOADER;
import static dev.selfheal.activities.fix.ReportServiceFixture.MISSING;
import static dev.selfheal.activities.fix.ReportServiceFixture.TEMPLATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.activities.git.GitFixtures;
import dev.selfheal.workflows.messages.values.Diagnosis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelocateVolatileResourceRecipeTest {
  private static final String TEST = "src/test/java/dev/selfheal/example/report/TemplateLoaderResourceRegressionTest.java";
  private final RelocateVolatileResourceRecipe recipe = new RelocateVolatileResourceRecipe();

  @TempDir Path repo;

  @Test
  void relocatesTheTemplateOntoTheClasspath() throws Exception {
    init(ReportServiceFixture.files());

    List<String> changed = recipe.apply(repo, ReportServiceFixture.diagnosis());

    assertThat(changed).containsExactly(
        "README.md", INSTALL, TEMPLATE, LOADER, "src/main/resources/report-template.html", TEST);
    assertThat(repo.resolve(TEMPLATE)).doesNotExist();
    assertThat(repo.resolve("src/main/resources/report-template.html")).hasContent("<!DOCTYPE html>\n<html><body>{{rows}}</body></html>");
    assertThat(Files.readString(repo.resolve(INSTALL)))
        .contains("# copies src/main/resources/report-template.html to where")
        .contains("cp src/main/resources/report-template.html \"${REPORT_TMP_DIR")
        .contains("mydeploy/report-template.html.bak"); // not a reference to the old path
    assertThat(Files.isExecutable(repo.resolve(INSTALL))).isTrue();

    assertThat(Files.readString(repo.resolve(LOADER))).isEqualTo("""
        package dev.selfheal.example.report;

        import java.io.IOException;
        import java.io.InputStream;
        import java.nio.charset.StandardCharsets;

        /** Loads the HTML template every report is rendered from. */
        public class TemplateLoader {

          public String load() throws IOException {
            try (InputStream in = java.util.Objects.requireNonNull(TemplateLoader.class.getResourceAsStream("/report-template.html"), "report-template.html missing from the classpath")) {
              return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
          }
        }
        """);

    String test = Files.readString(repo.resolve(TEST));
    assertThat(test)
        .contains("package dev.selfheal.example.report;")
        .contains("import static dev.selfheal.example.report.testkit.Assert.assertTrue;")
        .contains("public class TemplateLoaderResourceRegressionTest {")
        .contains("public void testLoadsReportTemplateHtmlFromTheClasspath() throws Exception {")
        .contains("TemplateLoader.class.getResourceAsStream(\"/report-template.html\")")
        .contains("String content = new TemplateLoader().load();")
        .contains("System.setProperty(\"report.template.path\", missing.toString());")
        .doesNotContain("org.junit");
  }

  @Test
  void keepsTheConstantWhenSomethingElseStillUsesIt() throws Exception {
    Map<String, String> files = ReportServiceFixture.files();
    files.put("src/main/java/dev/selfheal/example/report/Banner.java", """
        package dev.selfheal.example.report;

        class Banner {
          String where() {
            return TemplateLoader.TEMPLATE_PATH;
          }
        }
        """);
    init(files);

    recipe.apply(repo, ReportServiceFixture.diagnosis());

    String loader = Files.readString(repo.resolve(LOADER));
    assertThat(loader).contains("static final String TEMPLATE_PATH").doesNotContain("new FileInputStream");
  }

  @Test
  void writesTheRegressionTestInJUnit5WhenTheRepositoryUsesIt() throws Exception {
    Map<String, String> files = ReportServiceFixture.files();
    files.remove("src/test/java/dev/selfheal/example/report/testkit/Assert.java");
    files.put("src/test/java/dev/selfheal/example/report/TemplateLoaderTest.java", """
        package dev.selfheal.example.report;

        import org.junit.jupiter.api.Test;

        class TemplateLoaderTest {
          @Test
          void loads() {}
        }
        """);
    init(files);

    recipe.apply(repo, ReportServiceFixture.diagnosis());

    assertThat(Files.readString(repo.resolve(TEST)))
        .contains("import static org.junit.jupiter.api.Assertions.assertTrue;")
        .contains("import org.junit.jupiter.api.Test;")
        .contains("  @Test\n  void testLoadsReportTemplateHtmlFromTheClasspath() throws Exception {");
  }

  @Test
  void refusesAPathOutsideTheVolatileDirectories() throws Exception {
    init(ReportServiceFixture.files());
    Diagnosis d = ReportServiceFixture.diagnosis(RelocateVolatileResourceRecipe.ID,
        "template not found: /etc/report/report-template.html (No such file or directory)");

    assertThatThrownBy(() -> recipe.apply(repo, d))
        .isInstanceOf(RecipeRefusedException.class)
        .hasMessageContaining("/etc/report/report-template.html is not under a volatile directory (/tmp/, /var/tmp/, /dev/shm/)");
    assertUntouched();
  }

  @Test
  void refusesATmpPathThatEscapesWithDotDot() throws Exception {
    init(ReportServiceFixture.files());
    Diagnosis d = ReportServiceFixture.diagnosis(RelocateVolatileResourceRecipe.ID,
        "template not found: /tmp/../etc/report-template.html");

    assertThatThrownBy(() -> recipe.apply(repo, d)).hasMessageContaining("is not under a volatile directory");
  }

  @Test
  void refusesWhenTheRepositoryHasNoCopyOfTheFile() throws Exception {
    init(ReportServiceFixture.files());
    Diagnosis d = ReportServiceFixture.diagnosis(RelocateVolatileResourceRecipe.ID,
        "not found: /tmp/x/footer.html (No such file or directory)");

    assertThatThrownBy(() -> recipe.apply(repo, d))
        .isInstanceOf(RecipeRefusedException.class)
        .hasMessageContaining("no tracked file named footer.html in the repository");
    assertUntouched();
  }

  @Test
  void refusesWhenTwoTrackedFilesHaveTheName() throws Exception {
    Map<String, String> files = ReportServiceFixture.files();
    files.put("docs/report-template.html", "<html>old</html>\n");
    init(files);

    assertThatThrownBy(() -> recipe.apply(repo, ReportServiceFixture.diagnosis()))
        .isInstanceOf(RecipeRefusedException.class)
        .hasMessageContaining("2 tracked files are named report-template.html (deploy/report-template.html, docs/report-template.html)");
    assertUntouched();
  }

  @Test
  void refusesWhenTheClassDoesNotOpenTheConstantWithFileInputStream() throws Exception {
    Map<String, String> files = ReportServiceFixture.files();
    files.put(LOADER, ReportServiceFixture.LOADER_SOURCE
        .replace("new FileInputStream(TEMPLATE_PATH)", "java.nio.file.Files.newInputStream(java.nio.file.Path.of(TEMPLATE_PATH))"));
    init(files);

    assertThatThrownBy(() -> recipe.apply(repo, ReportServiceFixture.diagnosis()))
        .isInstanceOf(RecipeRefusedException.class)
        .hasMessageContaining("no usage `new FileInputStream(TEMPLATE_PATH)` in " + LOADER);
    assertUntouched();
  }

  @Test
  void refusesWhenNoConstantHoldsTheVolatilePath() throws Exception {
    Map<String, String> files = ReportServiceFixture.files();
    files.put(LOADER, ReportServiceFixture.LOADER_SOURCE.replace("/tmp/report-service/report-template.html", "/srv/report-template.html"));
    init(files);

    assertThatThrownBy(() -> recipe.apply(repo, ReportServiceFixture.diagnosis()))
        .hasMessageContaining("no static final String constant in " + LOADER + " holds a default path under /tmp/");
    assertUntouched();
  }

  @Test
  void refusesAMessageWithoutAPath() throws Exception {
    init(ReportServiceFixture.files());
    Diagnosis d = ReportServiceFixture.diagnosis(RelocateVolatileResourceRecipe.ID, "template not found");

    assertThatThrownBy(() -> recipe.apply(repo, d)).hasMessageContaining("names no absolute path");
  }

  @Test
  void appliesOnlyToMissingFilesInJavaSources() {
    assertThat(recipe.applies(ReportServiceFixture.diagnosis())).isTrue();
    Diagnosis npe = new Diagnosis(
        new dev.selfheal.workflows.messages.values.RootCause("report-service", "job", "java.lang.NullPointerException", LOADER, 1, MISSING),
        "bug", "npe", List.of(), List.of(), 0.9, RelocateVolatileResourceRecipe.ID, List.of());
    assertThat(recipe.applies(npe)).isFalse();
  }

  @Test
  void findsTheFirstAbsolutePathInTheMessage() {
    assertThat(RelocateVolatileResourceRecipe.missingPath(MISSING)).contains("/tmp/x/report-template.html");
    assertThat(RelocateVolatileResourceRecipe.missingPath("open '/dev/shm/a.bin': gone")).contains("/dev/shm/a.bin");
    assertThat(RelocateVolatileResourceRecipe.missingPath("nothing here")).isEmpty();
  }

  private void init(Map<String, String> files) throws Exception {
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = repo.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
      if (file.getKey().endsWith(".sh")) {
        path.toFile().setExecutable(true);
      }
    }
    try (Git git = Git.init().setInitialBranch("main").setDirectory(repo.toFile()).call()) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("initial").setAuthor(GitFixtures.DEV).setCommitter(GitFixtures.DEV).setSign(false).call();
    }
  }

  private void assertUntouched() throws Exception {
    try (Git git = Git.open(repo.toFile())) {
      assertThat(git.status().call().isClean()).as("a refusal leaves the tree as it was").isTrue();
    }
  }
}
