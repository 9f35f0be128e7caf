package dev.selfheal.activities.fix.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.workflows.messages.values.RiskClass;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PatchGuardTest {
  private static final String REPORT = "src/main/java/app/Report.java";
  private static final String REPORT_TEST = "src/test/java/app/ReportTest.java";

  @TempDir Path tmp;

  private static Map<String, String> service() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(REPORT, """
        package app;

        public class Report {
          public int rows() {
            return 3;
          }
        }
        """);
    files.put(REPORT_TEST, """
        package app;

        import static org.junit.jupiter.api.Assertions.assertEquals;

        import org.junit.jupiter.api.Test;

        class ReportTest {
          @Test
          void countsRows() {
            assertEquals(3, new Report().rows());
          }

          @Test
          void rowsArePositive() {
            assertEquals(true, new Report().rows() > 0);
          }
        }
        """);
    files.put("tests/test_report.py", """
        from report import rows


        def test_rows():
            assert rows() == 3
        """);
    files.put("report_test.go", """
        package report

        import "testing"

        func TestRows(t *testing.T) {
        	if Rows() != 3 {
        		t.Errorf("rows = %d", Rows())
        	}
        }
        """);
    files.put("web/report.test.js", """
        describe('report', () => {
          it('counts rows', () => {
            expect(rows()).toBe(3);
          });
        });
        """);
    files.put("pom.xml", """
        <project>
          <dependencies>
            <dependency>
              <groupId>com.fasterxml.jackson.core</groupId>
              <artifactId>jackson-databind</artifactId>
              <version>2.17.0</version>
            </dependency>
          </dependencies>
          <build>
            <plugins>
              <plugin>
                <artifactId>maven-surefire-plugin</artifactId>
                <configuration>
                  <redirectTestOutputToFile>true</redirectTestOutputToFile>
                </configuration>
              </plugin>
            </plugins>
          </build>
        </project>
        """);
    files.put("build.gradle", """
        dependencies {
            implementation 'com.google.guava:guava:33.0.0-jre'
        }

        test {
            useJUnitPlatform()
        }
        """);
    files.put("package.json", """
        {
          "name": "report",
          "scripts": {
            "start": "node index.js",
            "test": "jest"
          },
          "dependencies": {
            "lodash": "4.17.20"
          }
        }
        """);
    files.put("pytest.ini", "[pytest]\naddopts = -ra\n");
    files.put("pyproject.toml", "[project]\nname = \"report\"\n\n[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\n");
    files.put("Makefile", "build:\n\tgo build ./...\n\ntest:\n\tgo test -race ./...\n");
    files.put("config/app.yml", "report:\n  rows: 3\n");
    files.put("README.md", "Report service.\n");
    return files;
  }

  private GuardRepo repo() throws Exception {
    return GuardRepo.with(tmp.resolve("repo"), service());
  }

  private static GuardVerdict check(GuardRepo repo) throws Exception {
    return new PatchGuard(GuardPolicy.defaults()).check(repo.stage());
  }

  private static void assertRefused(GuardVerdict verdict, GuardRule rule, String file) {
    assertThat(verdict.allowed()).as(verdict.message()).isFalse();
    assertThat(verdict.rule()).as(verdict.message()).isEqualTo(rule);
    assertThat(verdict.file()).isEqualTo(file);
    assertThat(verdict.message()).startsWith(rule.name() + ": " + file + " ");
  }

  // ---- allowed patches and their risk ----

  @Test
  void aCodeFixWithANewTestIsAllowedAsMediumRisk() throws Exception {
    try (GuardRepo repo = repo()) {
      repo.write(REPORT, service().get(REPORT).replace("return 3;", "return Math.max(3, 0);"))
          .write("src/test/java/app/ReportRegressionTest.java", """
              package app;

              import static org.junit.jupiter.api.Assertions.assertTrue;

              import org.junit.jupiter.api.Test;

              class ReportRegressionTest {
                @Test
                void rowsNeverNegative() {
                  assertTrue(new Report().rows() >= 0);
                }
              }
              """);
      GuardVerdict verdict = check(repo);
      assertThat(verdict.allowed()).as(verdict.message()).isTrue();
      assertThat(verdict.risk().riskClass()).isEqualTo(RiskClass.MEDIUM);
    }
  }

  @Test
  void aConfigOnlyChangeIsLowRisk() throws Exception {
    try (GuardRepo repo = repo()) {
      repo.write("config/app.yml", "report:\n  rows: 4\n").write("README.md", "Report service, four rows.\n");
      GuardVerdict verdict = check(repo);
      assertThat(verdict.allowed()).isTrue();
      assertThat(verdict.risk().riskClass()).isEqualTo(RiskClass.LOW);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "src/main/java/app/auth/LoginFilter.java | class LoginFilter {}",
      "src/main/java/app/billing/Invoices.java | class Invoices {}",
      "db/migrate/20240101_add_rows.rb        | add_column :reports, :rows, :integer",
      "src/main/resources/schema.sql          | select 1;",
      "src/main/java/app/Cache.java           | class Cache { String sessionKey; }",
      "src/main/java/app/Store.java           | // ALTER TABLE reports ADD COLUMN rows int",
  })
  void authPaymentsAndDataStoresAreHighRisk(String path, String content) throws Exception {
    try (GuardRepo repo = repo()) {
      repo.write(path, content + "\n");
      GuardVerdict verdict = check(repo);
      assertThat(verdict.allowed()).as(verdict.message()).isTrue();
      assertThat(verdict.risk().riskClass()).isEqualTo(RiskClass.HIGH);
      assertThat(verdict.risk().reason()).contains(path);
    }
  }

  @Test
  void aDependencyPinInABuildFileIsAllowed() throws Exception {
    try (GuardRepo repo = repo()) {
      repo.write("pom.xml", service().get("pom.xml").replace("2.17.0", "2.17.2"))
          .write("package.json", service().get("package.json").replace("4.17.20", "4.17.21"));
      GuardVerdict verdict = check(repo);
      assertThat(verdict.allowed()).as(verdict.message()).isTrue();
      assertThat(verdict.risk().riskClass()).isEqualTo(RiskClass.MEDIUM);
    }
  }

  // ---- (a) allowed paths ----

  @Test
  void aFileOutsideTheAllowedPathsIsRefused() throws Exception {
    try (GuardRepo repo = repo()) {
      repo.write(REPORT, "class Report {}\n").write("README.md", "changed\n");
      GuardPolicy policy = new GuardPolicy(List.of("src/main/**"), 10, 400);
      GuardVerdict verdict = new PatchGuard(policy).check(repo.stage());
      assertRefused(verdict, GuardRule.ALLOWED_PATHS, "README.md");
      assertThat(verdict.detail()).contains("[src/main/**]");
    }
  }

  // ---- (b) tests ----

  @Test
  void deletingATestFileIsRefused() throws Exception {
    try (GuardRepo repo = repo()) {
      repo.delete(REPORT_TEST);
      GuardVerdict verdict = check(repo);
      assertRefused(verdict, GuardRule.TESTS_WEAKENED, REPORT_TEST);
      assertThat(verdict.detail()).isEqualTo("deletes the test file");
    }
  }

  @Test
  void renamingATestFileIsRefused() throws Exception {
    try (GuardRepo repo = repo()) {
      repo.move("tests/test_report.py", "tests/report_check.py");
      GuardVerdict verdict = check(repo);
      assertRefused(verdict, GuardRule.TESTS_WEAKENED, "tests/report_check.py");
      assertThat(verdict.detail()).isEqualTo("renames the test file to tests/report_check.py");
    }
  }

  @Test
  void removingATestMethodIsRefused() throws Exception {
    try (GuardRepo repo = repo()) {
      String test = service().get(REPORT_TEST);
      repo.write(REPORT_TEST, test.substring(0, test.indexOf("  @Test\n  void rowsArePositive")) + "}\n");
      GuardVerdict verdict = check(repo);
      assertRefused(verdict, GuardRule.TESTS_WEAKENED, REPORT_TEST);
      assertThat(verdict.detail()).startsWith("removes a test: '@Test'");
    }
  }

  @Test
  void looseningAnAssertionIsRefused() throws Exception {
    try (GuardRepo repo = repo()) {
      repo.write("web/report.test.js", service().get("web/report.test.js")
          .replace("expect(rows()).toBe(3);", "expect(rows()).toBeDefined();"));
      GuardVerdict verdict = check(repo);
      assertRefused(verdict, GuardRule.TESTS_WEAKENED, "web/report.test.js");
      assertThat(verdict.detail()).isEqualTo("removes or changes an assertion: 'expect(rows()).toBe(3);'");
    }
  }

  @Test
  void anAssertionThatCannotFailIsRefused() throws Exception {
    try (GuardRepo repo = repo()) {
      repo.write("tests/test_report.py", service().get("tests/test_report.py") + "\n\ndef test_more():\n    assert True\n");
      GuardVerdict verdict = check(repo);
      assertRefused(verdict, GuardRule.TESTS_WEAKENED, "tests/test_report.py");
      assertThat(verdict.detail()).contains("'assert True'");
    }
  }

  @Test
  void movingATestWithinItsFileIsNotARemoval() throws Exception {
    try (GuardRepo repo = repo()) {
      String test = service().get("tests/test_report.py");
      repo.write("tests/test_report.py", test.replace("from report import rows\n", "from report import rows\nimport os\n"));
      assertThat(check(repo).allowed()).isTrue();
    }
  }

  @Test
  void changingExistingTestCodeIsRefusedEvenWhenNoAssertionIsTouched() throws Exception {
    try (GuardRepo repo = repo()) {
      // the cast a smoke check trips over, "fixed" in the check instead of the code it checks
      repo.write(REPORT_TEST, service().get(REPORT_TEST).replace("new Report().rows() > 0", "new Report().rows() > -1"));
      assertRefused(check(repo), GuardRule.TESTS_WEAKENED, REPORT_TEST);
    }
    try (GuardRepo repo = GuardRepo.with(tmp.resolve("helper"), Map.of(
        "src/test/java/app/Fixtures.java", "package app;\n\nclass Fixtures {\n  static long rows(Object o) {\n    return (Long) o;\n  }\n}\n"))) {
      repo.write("src/test/java/app/Fixtures.java",
          "package app;\n\nclass Fixtures {\n  static long rows(Object o) {\n    return ((Number) o).longValue();\n  }\n}\n");
      GuardVerdict verdict = check(repo);
      assertRefused(verdict, GuardRule.TEST_CODE_CHANGED, "src/test/java/app/Fixtures.java");
      assertThat(verdict.message()).contains("1 existing line(s) changed");
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "src/main/resources/db/migration/V7__add_index.sql | 'CREATE INDEX ix ON t(a);\n'",
      "src/main/java/com/acme/ledger/db/migration/R__RefreshTotals.java | 'class R__RefreshTotals {}\n'",
      "app/migrations/0004_prices.py | 'operations = []\n'",
      "db/migrate/20240101_add_prices.rb | 'class AddPrices; end\n'",
      "alembic/versions/3f2a_prices.py | 'revision = \"3f2a\"\n'"})
  void editingAnExistingMigrationIsRefusedButAddingOneIsNot(String path, String content) throws Exception {
    try (GuardRepo repo = GuardRepo.with(tmp.resolve("edit"), Map.of(path, content))) {
      repo.write(path, content + "-- changed\n");
      assertRefused(check(repo), GuardRule.MIGRATION_CHANGED, path);
    }
    try (GuardRepo repo = GuardRepo.with(tmp.resolve("add"), Map.of("README.md", "x\n"))) {
      repo.write(path, content);
      GuardVerdict added = check(repo);
      assertThat(added.allowed()).as(added.message()).isTrue();
      assertThat(added.risk().riskClass()).isEqualTo(dev.selfheal.workflows.messages.values.RiskClass.HIGH);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "src/test/java/app/ReportTest.java | '  @Test\n' | '  @Disabled(\"flaky\")\n  @Test\n'",
      "src/test/java/app/ReportTest.java | '  @Test\n' | '  @Ignore\n  @Test\n'",
      "src/test/java/app/ReportTest.java | '  void countsRows() {\n' | '  void countsRows() {\n    assumeTrue(false);\n'",
      "tests/test_report.py              | 'def test_rows' | '@pytest.mark.skip(reason=\"later\")\ndef test_rows'",
      "tests/test_report.py              | '    assert rows' | '    pytest.skip(\"later\")\n    assert rows'",
      "report_test.go                    | '\tif Rows' | '\tt.Skip(\"later\")\n\tif Rows'",
      "web/report.test.js                | '  it(' | '  it.skip(''later'', () => {});\n  it('",
      "web/report.test.js                | '  it(' | '  xit(''later'', () => {});\n  it('",
      "web/report.test.js                | 'describe(' | 'describe.skip(''all'', () => {});\ndescribe('",
      "web/report.test.js                | '  it(' | '  test.skip(''later'', () => {});\n  it('",
  })
  void addingASkipMarkerIsRefused(String path, String anchor, String replacement) throws Exception {
    try (GuardRepo repo = repo()) {
      String before = service().get(path);
      assertThat(before).contains(anchor);
      repo.write(path, before.replaceFirst(java.util.regex.Pattern.quote(anchor),
          java.util.regex.Matcher.quoteReplacement(replacement)));
      GuardVerdict verdict = check(repo);
      assertRefused(verdict, GuardRule.TESTS_WEAKENED, path);
      assertThat(verdict.detail()).startsWith("adds a skip marker: ");
    }
  }

  // ---- (c) CI config ----

  @ParameterizedTest
  @ValueSource(strings = {
      ".github/workflows/ci.yml", ".gitlab-ci.yml", "Jenkinsfile", ".circleci/config.yml", "azure-pipelines.yml",
      ".ci/run-tests.sh", ".buildkite/pipeline.yml"})
  void ciConfigurationIsRefused(String path) throws Exception {
    try (GuardRepo repo = repo()) {
      repo.write(path, "steps: []\n");
      assertRefused(check(repo), GuardRule.CI_CONFIG, path);
    }
  }

  // ---- (d) build files' test settings ----

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "pom.xml        | '<redirectTestOutputToFile>true</redirectTestOutputToFile>' | '<skipTests>true</skipTests>'",
      "pom.xml        | '<redirectTestOutputToFile>true</redirectTestOutputToFile>' | '<testFailureIgnore>true</testFailureIgnore>'",
      "pom.xml        | '<redirectTestOutputToFile>true</redirectTestOutputToFile>' | '<excludes><exclude>**/ReportTest.java</exclude></excludes>'",
      "build.gradle   | 'useJUnitPlatform()' | 'useJUnitPlatform()\n    enabled = false'",
      "build.gradle   | 'useJUnitPlatform()' | 'useJUnitPlatform()\n    exclude ''**/ReportTest*'''",
      "package.json   | '\"test\": \"jest\"' | '\"test\": \"echo ok\"'",
      "pytest.ini     | 'addopts = -ra' | 'addopts = -ra --deselect tests/test_report.py::test_rows'",
      "pyproject.toml | 'testpaths = [\"tests\"]' | 'testpaths = [\"src\"]'",
      "Makefile       | 'go test -race ./...' | 'go test -short -run TestNothing ./...'",
  })
  void testSettingsInBuildFilesAreRefused(String path, String from, String to) throws Exception {
    try (GuardRepo repo = repo()) {
      String before = service().get(path);
      assertThat(before).contains(from);
      repo.write(path, before.replace(from, to));
      assertRefused(check(repo), GuardRule.BUILD_TEST_SETTINGS, path);
    }
  }

  // ---- (e) selfheal's own config ----

  @ParameterizedTest
  @ValueSource(strings = {"services.yaml", "config/known-fixes.yaml", "playbooks/known-fixes.yaml", ".selfheal/state.json"})
  void selfhealsOwnConfigurationIsRefused(String path) throws Exception {
    try (GuardRepo repo = repo()) {
      repo.write(path, "mode: auto\n");
      assertRefused(check(repo), GuardRule.SELFHEAL_CONFIG, path);
    }
  }

  // ---- (f) secrets ----

  @ParameterizedTest
  @ValueSource(strings = {
      ".env", ".env.production", "deploy/tls.pem", "deploy/server.key", "id_rsa", "keys/store.p12", "keys/app.jks",
      "credentials.json", "config/secrets.yaml"})
  void secretFilesAreRefused(String path) throws Exception {
    try (GuardRepo repo = repo()) {
      repo.write(path, "x=1\n");
      assertRefused(check(repo), GuardRule.SECRETS, path);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "  password: \"s3cr3t-Passw0rd\"",
      "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
      "  url: postgres://report:hunter2hunter2@db.internal:5432/reports",
      "-----BEGIN RSA PRIVATE KEY-----",
      "github: ghp_0123456789abcdefghijABCDEFGHIJ0123456789"})
  void addedLinesThatLookLikeSecretsAreRefused(String line) throws Exception {
    try (GuardRepo repo = repo()) {
      repo.write("config/app.yml", service().get("config/app.yml") + line + "\n");
      GuardVerdict verdict = check(repo);
      assertRefused(verdict, GuardRule.SECRETS, "config/app.yml");
      assertThat(verdict.message()).doesNotContain("s3cr3t-Passw0rd").doesNotContain("hunter2hunter2");
    }
  }

  @Test
  void aPlaceholderForASecretIsAllowed() throws Exception {
    try (GuardRepo repo = repo()) {
      repo.write("config/app.yml", service().get("config/app.yml") + "  password: \"${REPORT_DB_PASSWORD}\"\n");
      assertThat(check(repo).allowed()).isTrue();
    }
  }

  // ---- (g) git internals ----

  @ParameterizedTest
  @ValueSource(strings = {".gitmodules", ".gitattributes", "web/.gitattributes"})
  void gitMetadataFilesAreRefused(String path) throws Exception {
    try (GuardRepo repo = repo()) {
      repo.write(path, "* filter=lfs\n");
      assertRefused(check(repo), GuardRule.GIT_INTERNALS, path);
    }
  }

  @Test
  void aSubmoduleEntryIsRefused() throws Exception {
    try (GuardRepo repo = repo()) {
      repo.gitlink("vendor/lib");
      GuardVerdict verdict = new PatchGuard(GuardPolicy.defaults()).check(repo.staged());
      assertRefused(verdict, GuardRule.GIT_INTERNALS, "vendor/lib");
      assertThat(verdict.detail()).isEqualTo("a submodule entry");
    }
  }

  @Test
  void aSymbolicLinkIsRefused() throws Exception {
    try (GuardRepo repo = repo()) {
      repo.symlink("config/prod.yml", "../../outside/prod.yml");
      GuardVerdict verdict = check(repo);
      assertRefused(verdict, GuardRule.GIT_INTERNALS, "config/prod.yml");
      assertThat(verdict.detail()).isEqualTo("a symbolic link");
    }
  }

  // ---- (h) size ----

  @Test
  void tooManyFilesAreRefused() throws Exception {
    try (GuardRepo repo = repo()) {
      repo.write("src/main/java/app/A.java", "class A {}\n").write("src/main/java/app/B.java", "class B {}\n")
          .write("src/main/java/app/C.java", "class C {}\n");
      GuardVerdict verdict = new PatchGuard(new GuardPolicy(null, 2, 400)).check(repo.stage());
      assertRefused(verdict, GuardRule.TOO_LARGE, "the patch");
      assertThat(verdict.detail()).isEqualTo("3 files, at most 2 allowed");
    }
  }

  @Test
  void tooManyChangedLinesAreRefused() throws Exception {
    try (GuardRepo repo = repo()) {
      repo.write("src/main/java/app/Rows.java", "class Rows {\n" + "  int x;\n".repeat(30) + "}\n");
      GuardVerdict verdict = new PatchGuard(new GuardPolicy(null, 10, 20)).check(repo.stage());
      assertRefused(verdict, GuardRule.TOO_LARGE, "the patch");
      assertThat(verdict.detail()).isEqualTo("32 changed lines, at most 20 allowed");
    }
  }

  // ---- (i) binaries ----

  @Test
  void aBinaryFileIsRefused() throws Exception {
    try (GuardRepo repo = repo()) {
      repo.writeBytes("src/main/resources/logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 'I', 'H'});
      assertRefused(check(repo), GuardRule.BINARY, "src/main/resources/logo.png");
    }
  }

  // ---- policy ----

  @Test
  void aPolicyWithABrokenGlobOrNoRoomIsRejectedWhenMade() {
    assertThatThrownBy(() -> new GuardPolicy(List.of("src/{main"), 10, 400))
        .hasMessageContaining("src/{main");
    assertThatThrownBy(() -> new GuardPolicy(null, 0, 400)).hasMessageContaining("maxFiles");
    assertThat(GuardPolicy.defaults().allowedPaths()).containsExactly("**");
  }
}
