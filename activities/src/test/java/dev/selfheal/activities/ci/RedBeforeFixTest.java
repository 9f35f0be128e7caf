package dev.selfheal.activities.ci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.config.Autonomy;
import dev.selfheal.activities.config.HealthCheck;
import dev.selfheal.activities.config.LogFormat;
import dev.selfheal.activities.config.LogSource;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.config.ServiceSpec;
import dev.selfheal.activities.config.Thresholds;
import dev.selfheal.workflows.messages.requests.ProofRequest;
import dev.selfheal.workflows.messages.values.FixProof;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The red half of red-to-green, on real git history and a real test command: the fix's new tests
 * run on the commit before the fix, in a tree of their own.
 */
class RedBeforeFixTest {
  /** Runs every tests/*.sh; prints FAIL with the test's name and what it said. */
  private static final String TEST_COMMAND = """
      fail=0
      for t in tests/*.sh; do
        if ! out=$(bash "$t" 2>&1); then echo "FAIL $(basename "$t" .sh): $out"; fail=1; else echo "PASS $(basename "$t" .sh)"; fi
      done
      exit $fail
      """;
  private static final String REGRESSION = """
      grep -q shipped app.conf || { echo "java.io.FileNotFoundException: /tmp/app/template.html"; exit 1; }
      """;

  @TempDir Path root;

  private CiActivitiesImpl ci() {
    return new CiActivitiesImpl(new ServiceCatalog(Map.of("svc",
        new ServiceSpec("svc", "/o.git", "main", "bash test.sh", "/d", "d", null, Map.of(), HealthCheck.ofUrl("http://h"),
            null, List.of(new LogSource("/l", LogFormat.AUTO)), List.of(), Autonomy.SUGGEST, Thresholds.DEFAULT))),
        new Workspace(root.resolve("ws")));
  }

  private record History(Path tree, String base, String fix) {}

  /** A base commit with the bug, and a fix commit that changes {@code app.conf} and adds {@code added}. */
  private History history(Map<String, String> added, String fixedConf) throws Exception {
    return history(added, fixedConf, "true\n");
  }

  private History history(Map<String, String> added, String fixedConf, String existingTest) throws Exception {
    Path tree = root.resolve("tree");
    Files.createDirectories(tree.resolve("tests"));
    Files.writeString(tree.resolve("test.sh"), TEST_COMMAND);
    Files.writeString(tree.resolve("app.conf"), "template=/tmp/app/template.html\n");
    Files.writeString(tree.resolve("tests/existing.sh"), existingTest);
    try (Git git = Git.init().setDirectory(tree.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      RevCommit base = git.commit().setMessage("base").setSign(false).call();
      Files.writeString(tree.resolve("app.conf"), fixedConf);
      for (Map.Entry<String, String> file : added.entrySet()) {
        Files.writeString(tree.resolve(file.getKey()), file.getValue());
      }
      git.add().addFilepattern(".").call();
      RevCommit fix = git.commit().setMessage("fix").setSign(false).call();
      return new History(tree, base.name(), fix.name());
    }
  }

  private FixProof prove(History h, String errorType) {
    return ci().proveRedBeforeFix(new ProofRequest("incident-svc-a", "svc", h.tree().toString(), h.base(), h.fix(), errorType));
  }

  @Test
  void aRegressionTestThatFailsBeforeTheFixForTheDiagnosedReasonProvesIt() throws Exception {
    History h = history(Map.of("tests/template_shipped.sh", REGRESSION), "template=shipped\n");

    FixProof proof = prove(h, "java.io.FileNotFoundException");

    assertThat(proof.red()).isTrue();
    assertThat(proof.reasonSeen()).isTrue();
    assertThat(proof.regressionTests()).containsExactly("tests/template_shipped.sh");
    assertThat(proof.summary()).isEqualTo("red before the fix: template_shipped fails with the diagnosed FileNotFoundException");
    assertThat(Files.readString(Path.of(proof.outputPath()))).contains("FAIL template_shipped").contains("PASS existing");
    // the incident's worktree itself stayed at the fix
    assertThat(Files.readString(h.tree().resolve("app.conf"))).isEqualTo("template=shipped\n");
  }

  @Test
  void redForAnotherReasonIsStillRedButSaysSo() throws Exception {
    History h = history(Map.of("tests/template_shipped.sh", REGRESSION), "template=shipped\n");

    FixProof proof = prove(h, "NullPointerException");

    assertThat(proof.red()).isTrue();
    assertThat(proof.reasonSeen()).isFalse();
    assertThat(proof.summary()).endsWith("fails, but not with the diagnosed NullPointerException");
  }

  @Test
  void aRegressionTestThatAlreadyPassesBeforeTheFixProvesNothing() throws Exception {
    History h = history(Map.of("tests/template_configured.sh", "grep -q template app.conf\n"), "template=shipped\n");

    FixProof proof = prove(h, "java.io.FileNotFoundException");

    assertThat(proof.red()).isFalse();
    assertThat(proof.summary()).isEqualTo("not proven: template_configured passes on the tree before the fix (exit 0)");
  }

  @Test
  void aFixWithoutANewTestProvesNothing() throws Exception {
    History h = history(Map.of(), "template=shipped\n");

    FixProof proof = prove(h, "java.io.FileNotFoundException");

    assertThat(proof.red()).isFalse();
    assertThat(proof.summary()).isEqualTo("the fix adds no regression test");
  }

  @Test
  void anotherTestFailingBeforeTheFixIsNotTheRegressionTestFailing() throws Exception {
    // an old test red on the base for its own reasons, and a new test that passes there
    History h = history(Map.of("tests/template_configured.sh", "grep -q template app.conf\n"), "template=shipped\n",
        "echo 'flaky clock'; exit 1\n");

    FixProof proof = prove(h, null);

    assertThat(proof.red()).isFalse();
    assertThat(proof.reasonSeen()).as("nothing diagnosed to look for").isTrue();
    assertThat(proof.summary()).startsWith("not proven: template_configured passes on the tree before the fix (exit 1)");
  }
}
