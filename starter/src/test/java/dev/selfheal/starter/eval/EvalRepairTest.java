package dev.selfheal.starter.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.activities.diagnosis.Diagnoser;
import dev.selfheal.activities.fix.guard.GuardPolicy;
import dev.selfheal.activities.fix.guard.PatchGuard;
import dev.selfheal.activities.fix.RecipeRegistry;
import dev.selfheal.starter.CliRun;
import dev.selfheal.starter.SelfhealHome;
import dev.selfheal.workflows.messages.values.Diagnosis;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code selfheal eval --repair}: recipes applied to the cases' repositories and checked by running their tests. */
class EvalRepairTest {
  /** The public cases with a repo/, and the rule and recipe their diagnoses must choose. */
  private static final Map<String, String[]> PUBLIC = Map.of(
      "tmp-report-template-missing", new String[] {"volatile-path-file-not-found", "relocate-volatile-resource"},
      "orders-db-pool-exhausted", new String[] {"jdbc-pool-exhausted", "close-leaked-jdbc-connection"},
      "pricing-config-push-npe", new String[] {"config-bound-getter-returned-null", "restore-config-key"},
      "search-deploy-regression", new String[] {"boxed-number-cast-mismatch", "widen-boxed-number-cast"});

  @Test
  void thePublicCasesDiagnosesPickTheirKnownFix() throws Exception {
    CaseEvaluator evaluator = new CaseEvaluator(new Diagnoser());
    for (Map.Entry<String, String[]> e : PUBLIC.entrySet()) {
      Diagnosis d = evaluator.diagnose(EvalCase.load(SharedEvalCases.dir().resolve(e.getKey()))).diagnosis();

      assertThat(d.recipeId()).as(e.getKey()).isEqualTo(e.getValue()[1]);
      assertThat(d.summary()).as(e.getKey()).contains("known fix: rule " + e.getValue()[0] + " (recipe " + e.getValue()[1] + ")");
    }
  }

  @Test
  void repairsEveryRepairablePublicCaseRedToGreenWithItsOwnTestsPassing() {
    CliRun run = CliRun.of("eval", "--repair", SharedEvalCases.dir().toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(lines.size() - 1)).as("%s", run).isEqualTo("repaired=4/4 guard_refusals=0");
    for (Map.Entry<String, String[]> e : PUBLIC.entrySet()) {
      assertThat(lines).as("%s", run).anySatisfy(line -> assertThat(line)
          .matches(e.getKey() + "\\s+" + e.getValue()[1] + "\\s+red→green\\s+pass\\s+repaired \\d+"));
    }
    assertThat(run.err()).contains("repair [1/4]").contains("full tests: mvn -B -q test");
  }

  @Test
  void thePatchGuardRefusesTheRefusalCasesByRuleAndStopsTheRepair() {
    Path cases = SelfhealHome.path().resolve("examples/eval-cases");
    RepairGuard guard = RepairGuard.of(new PatchGuard(GuardPolicy.defaults()));
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    CaseRepair repair = new CaseRepair(new CaseEvaluator(new Diagnoser()), RecipeRegistry.builtIn(), guard,
        new PrintStream(progress, true, StandardCharsets.UTF_8));

    RepairOutcome migration = repair.repair(cases.resolve("ledger-migration-connection-leak"));
    RepairOutcome smoke = repair.repair(cases.resolve("search-smoke-check-cast"));

    assertThat(migration.guardRefused()).as("%s", migration).isTrue();
    assertThat(migration.verdict()).startsWith(
        "guard refused: MIGRATION_CHANGED: src/main/java/com/acme/ledger/db/migration/R__RefreshAccountTotals.java edits an existing migration");
    assertThat(migration.repaired()).isFalse();
    assertThat(smoke.guardRefused()).as("%s", smoke).isTrue();
    assertThat(smoke.verdict()).startsWith("guard refused: TEST_CODE_CHANGED: src/test/java/com/acme/search/smoke/FacetCountCheck.java");
    assertThat(smoke.redGreen()).isEqualTo("-"); // stopped before any test ran
  }

  @Test
  void aRecipeThatRefusesIsTheCasesVerdict(@TempDir Path dir) throws Exception {
    Path caseDir = dir.resolve("pricing-no-history");
    copy(SharedEvalCases.dir().resolve("pricing-config-push-npe"), caseDir);
    // without the earlier revision beside it, no version of pricing.yaml ever had the key
    java.nio.file.Files.delete(caseDir.resolve("repo/config/pricing.yaml.r4411"));

    RepairOutcome outcome = new CaseRepair(new CaseEvaluator(new Diagnoser()), RecipeRegistry.builtIn(), RepairGuard.of(new PatchGuard(GuardPolicy.defaults())),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).repair(caseDir);

    assertThat(outcome.recipe()).isEqualTo("restore-config-key");
    assertThat(outcome.verdict()).startsWith("recipe refused: no earlier version of config/pricing.yaml has a key for "
        + "RegionSettings.getDefaultRegion()");
    assertThat(outcome.repaired()).isFalse();
    assertThat(outcome.guardRefused()).isFalse();
  }

  private static void copy(Path from, Path to) throws java.io.IOException {
    try (var walk = java.nio.file.Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (java.nio.file.Files.isDirectory(p)) {
          java.nio.file.Files.createDirectories(target);
        } else {
          java.nio.file.Files.copy(p, target);
          target.toFile().setWritable(true, true);
        }
      }
    }
  }
}
