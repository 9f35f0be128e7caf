package dev.selfheal.activities.ci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.config.Autonomy;
import dev.selfheal.activities.config.HealthCheck;
import dev.selfheal.activities.config.LogFormat;
import dev.selfheal.activities.config.LogSource;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.config.ServiceSpec;
import dev.selfheal.activities.config.Thresholds;
import dev.selfheal.workflows.messages.requests.TestRunRequest;
import dev.selfheal.workflows.messages.values.TestReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CiActivitiesImplTest {
  @TempDir Path root;

  private String commitTree(Path tree, String script) throws Exception {
    Files.createDirectories(tree);
    Files.writeString(tree.resolve("test.sh"), script);
    try (Git git = Git.init().setDirectory(tree.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      return git.commit().setMessage("tests").setAuthor("t", "t@t").setCommitter("t", "t@t").call().name();
    }
  }

  private CiActivitiesImpl ci() {
    return new CiActivitiesImpl(new ServiceCatalog(Map.of("svc",
        new ServiceSpec("svc", "/o.git", "main", "bash test.sh", "/d", "d", null, Map.of("GREETING", "hi"), HealthCheck.ofUrl("http://h"),
            null, List.of(new LogSource("/l", LogFormat.AUTO)), List.of(), Autonomy.SUGGEST, Thresholds.DEFAULT))),
        new Workspace(root.resolve("ws")));
  }

  @Test
  void greenRunReportsTheRunnersCounts() throws Exception {
    Path tree = root.resolve("tree");
    String commit = commitTree(tree, "echo $GREETING; echo '3 passed, 0 failed'\n");
    TestReport report = ci().runTests(new TestRunRequest("incident-svc-a", "svc", tree.toString(), commit));
    assertThat(report.passed()).isTrue();
    assertThat(report.summary()).isEqualTo("green: 3 passed, 0 failed");
    assertThat(Files.readString(Path.of(report.outputPath()))).startsWith("hi");
  }

  @Test
  void redRunIsAResultNotAFailure() throws Exception {
    Path tree = root.resolve("tree");
    String commit = commitTree(tree, "echo '2 passed, 1 failed'; exit 1\n");
    TestReport report = ci().runTests(new TestRunRequest("incident-svc-a", "svc", tree.toString(), commit));
    assertThat(report.passed()).isFalse();
    assertThat(report.summary()).isEqualTo("red (exit 1): 2 passed, 1 failed");
  }

  @Test
  void refusesToTestAnotherCommit() throws Exception {
    Path tree = root.resolve("tree");
    commitTree(tree, "exit 0\n");
    assertThatThrownBy(() -> ci().runTests(new TestRunRequest("incident-svc-a", "svc", tree.toString(), "f".repeat(40))))
        .hasMessageContaining("expected ffffffffff");
  }
}
