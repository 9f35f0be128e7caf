package dev.selfheal.starter.eval;

import dev.selfheal.activities.diagnosis.Candidate;
import dev.selfheal.activities.diagnosis.Diagnoser;
import dev.selfheal.activities.fix.guard.GuardPolicy;
import dev.selfheal.activities.fix.guard.PatchGuard;
import dev.selfheal.activities.fix.RecipeRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code selfheal eval <cases-dir>}: diagnoses every incident case in a folder, without Temporal,
 * and scores the answers against each case's truth. One row per case on stdout, then the summary
 * line; progress on stderr. A measurement, so low scores still exit 0.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Diagnose every incident case in a folder and score the answers against their truth.")
public final class EvalCommand implements Callable<Integer> {
  private static final int EXPLAINED = 5;
  private static final String ROW = "%-32s %-48s %-48s %4s %8s %7s";
  private static final String REPAIR_ROW = "%-32s %-30s %-10s %-7s %s %s";

  @Parameters(paramLabel = "<cases-dir>", description = "A folder of case folders, each with alert.json, truth.json and logs/.")
  Path casesDir;

  @Option(names = "--explain", description = "After each case, the analyzer's top candidates with their scores and why.")
  boolean explain;

  @Option(names = "--repair", description = "For every case with a repo/: apply the diagnosis's recipe and check its "
      + "regression test goes red to green and the repository's tests pass.")
  boolean repair;

  @Override
  public Integer call() throws IOException {
    if (!Files.isDirectory(casesDir)) {
      System.err.println("selfheal eval: " + casesDir + ": no such directory");
      return 2;
    }
    List<Path> cases = caseDirs();
    CaseEvaluator evaluator = new CaseEvaluator(new Diagnoser());
    if (repair) {
      return repair(cases, evaluator);
    }
    EvalScore score = new EvalScore();
    System.out.println(String.format(ROW, "CASE", "EXPECTED", "GOT", "RANK", "BASELINE", "MS").stripTrailing());
    for (int i = 0; i < cases.size(); i++) {
      Path dir = cases.get(i);
      System.err.printf("eval [%d/%d] %s%n", i + 1, cases.size(), dir.getFileName());
      CaseOutcome outcome = evaluator.evaluate(dir);
      System.out.println(row(outcome));
      if (explain) {
        outcome.candidates().stream().limit(EXPLAINED).forEach(c -> System.out.println("    " + explanation(c)));
        if (!outcome.causalChain().isEmpty()) {
          System.out.println("    chain: " + String.join(" -> ", outcome.causalChain()));
        }
      }
      score.add(outcome);
    }
    System.out.println(score.summaryLine());
    return 0;
  }

  /**
   * One row per case with a {@code repo/}, then {@code repaired=<k>/<n> guard_refusals=<g>}. A
   * measurement like the diagnosis score, so it exits 0 whatever it counts.
   */
  private int repair(List<Path> cases, CaseEvaluator evaluator) {
    List<Path> repairable = cases.stream().filter(CaseRepair::hasRepo).toList();
    CaseRepair repairer = new CaseRepair(evaluator, RecipeRegistry.builtIn(), RepairGuard.of(new PatchGuard(GuardPolicy.defaults())), System.err);
    System.out.println(String.format(REPAIR_ROW, "CASE", "RECIPE", "RED→GREEN", "FULL", "VERDICT", "MS").stripTrailing());
    int repaired = 0;
    int guardRefusals = 0;
    for (int i = 0; i < repairable.size(); i++) {
      Path dir = repairable.get(i);
      System.err.printf("repair [%d/%d] %s%n", i + 1, repairable.size(), dir.getFileName());
      RepairOutcome outcome = repairer.repair(dir);
      System.out.println(repairRow(outcome));
      repaired += outcome.repaired() ? 1 : 0;
      guardRefusals += outcome.guardRefused() ? 1 : 0;
    }
    System.out.println("repaired=" + repaired + "/" + repairable.size() + " guard_refusals=" + guardRefusals);
    return 0;
  }

  static String repairRow(RepairOutcome o) {
    return String.format(REPAIR_ROW, o.caseId(), o.recipe(), o.redGreen(), o.fullTests(), o.verdict(), o.millis());
  }

  /** Every folder in the cases folder, by name; files beside them (a README) and _tooling folders are not cases. */
  private List<Path> caseDirs() throws IOException {
    try (Stream<Path> listed = Files.list(casesDir)) {
      // folders named _something hold tooling (case generators), not cases
      return listed.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith("_")).sorted().toList();
    }
  }

  /** {@code 0.82 FileNotFoundException in report-service rooted=3 linked=2 inferred=0 first=… [background] [symptom of …]}. */
  static String explanation(Candidate c) {
    return String.format("%.2f %s rooted=%d linked=%d inferred=%d first=%s%s%s", c.score(), c.label(), c.rootedGroups(),
        c.linkedGroups(), c.inferredGroups(), c.firstSeen(), c.background() ? " background" : "",
        c.symptomOf() == null ? "" : " symptom-of=" + c.symptomOf());
  }

  static String row(CaseOutcome o) {
    String expected = o.expected() == null ? "-" : o.expected().toString();
    if (o.error() != null) {
      return String.format("%-32s %-48s error: %s", o.caseId(), expected, o.error());
    }
    return String.format(ROW, o.caseId(), expected, o.got() == null ? "-" : o.got().toString(),
        o.rank() == 0 ? "-" : String.valueOf(o.rank()), o.baselineHit() ? "y" : "n", o.millis());
  }
}
