package dev.selfheal.activities.fix.llm;

import dev.selfheal.activities.Failures;
import dev.selfheal.activities.diagnosis.llm.JsonSchemaCheck;
import dev.selfheal.activities.diagnosis.llm.LlmAnswer;
import dev.selfheal.activities.diagnosis.llm.LlmException;
import dev.selfheal.activities.diagnosis.llm.LlmPrompt;
import dev.selfheal.activities.diagnosis.llm.LlmProvider;
import dev.selfheal.activities.diagnosis.llm.TokenBudget;
import dev.selfheal.activities.diagnosis.llm.TokenUsage;
import dev.selfheal.activities.fix.guard.TestFiles;
import dev.selfheal.activities.fix.recipes.RepoFiles;
import dev.selfheal.workflows.Errors;
import dev.selfheal.workflows.messages.values.Diagnosis;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When no recipe fits, asks a model for search/replace edits to the files of the causal chain and
 * a new regression test, and applies them with {@link StrictEdits}. An answer that cannot be used
 * (wrong shape, a search text found twice or not at all) is sent back once with the exact error;
 * a second failure, or an answer reaching for a file it was not shown, ends in a non-retryable
 * {@code NO_RECIPE} that says why, so the incident escalates with its diagnosis.
 */
public final class LlmEditor {
  private static final Logger log = LoggerFactory.getLogger(LlmEditor.class);
  /** The recipe id recorded for a fix a model wrote. */
  public static final String RECIPE_ID = "llm-edit";
  /** One correction: a model that gets it wrong twice will not get it right a third time. */
  private static final int ATTEMPTS = 2;
  private static final int MAX_MODEL_NAME_CHARS = 100;

  private final LlmProvider provider;
  private final int maxOutputTokens;
  private final long tokenBudget;

  /**
   * @param maxOutputTokens the most the model may write per answer
   * @param tokenBudget the most one fix may spend, input and output over both attempts
   */
  public LlmEditor(LlmProvider provider, int maxOutputTokens, long tokenBudget) {
    if (maxOutputTokens <= 0 || tokenBudget < maxOutputTokens) {
      throw new IllegalArgumentException("need 0 < maxOutputTokens <= tokenBudget, got maxOutputTokens="
          + maxOutputTokens + " tokenBudget=" + tokenBudget);
    }
    this.provider = provider;
    this.maxOutputTokens = maxOutputTokens;
    this.tokenBudget = tokenBudget;
  }

  /** A recipe for this one fix: it asks the model when the fix stage applies it. */
  public LlmEditRecipe recipe(String whyNoRecipe) {
    return new LlmEditRecipe(this, whyNoRecipe);
  }

  /**
   * Asks for edits and applies them to {@code worktree}; nothing is written unless all of them apply.
   *
   * @param whyNoRecipe why the recipe registry had nothing; opens the failure message
   * @throws ApplicationFailure non-retryable {@code NO_RECIPE} when no usable edit came back
   */
  public LlmEdit edit(Path worktree, Diagnosis diagnosis, String whyNoRecipe) throws IOException {
    RepoFiles repo = RepoFiles.of(worktree);
    List<ShownFile> files = ChainFiles.collect(repo, diagnosis);
    if (files.isEmpty()) {
      String file = diagnosis.rootCause() == null ? null : diagnosis.rootCause().file();
      throw giveUp(whyNoRecipe, "no file of the causal chain (root cause file " + file
          + ") is a readable tracked file of this repository, so there is nothing to show the model");
    }
    Set<String> shown = new LinkedHashSet<>();
    files.forEach(f -> shown.add(f.path()));
    List<String> testPaths = repo.tracked().stream().filter(TestFiles::isTest).toList();
    String task = EditPrompt.task(diagnosis, whyNoRecipe, files, testPaths);
    LlmPrompt prompt = new LlmPrompt(EditPrompt.SYSTEM, task, EditPrompt.schema(files), maxOutputTokens);
    TokenBudget budget = new TokenBudget(tokenBudget);
    long used = 0;
    log.info("asking LLM for edits files={} shown_chars={}", shown,
        files.stream().mapToInt(f -> f.text().length()).sum());
    for (int attempt = 1; ; attempt++) {
      long estimate = prompt.estimatedTokens();
      if (!budget.allows(estimate)) {
        throw giveUp(whyNoRecipe, "the request needs about " + estimate + " tokens, " + budget.remaining()
            + " left of the budget" + (attempt > 1 ? " (after one answer that could not be used)" : ""));
      }
      String error;
      boolean correctable;
      try {
        LlmAnswer answer = HeartbeatingCall.complete(provider, prompt);
        used += charge(budget, answer.usage(), estimate);
        // clients check the schema too; this check holds whoever implements the provider
        List<String> violations = JsonSchemaCheck.violations(prompt.schema(), answer.json());
        if (!violations.isEmpty()) {
          EditAnswer.refuseUnshown(answer.json(), shown);
          throw EditRejected.correctable("it does not match the schema: " + String.join("; ", violations));
        }
        EditAnswer edits = EditAnswer.read(answer.json(), shown);
        List<String> changed = StrictEdits.apply(repo, edits);
        String model = modelName(answer.model());
        log.info("LLM edits applied model={} files={} tokens={} attempt={} explanation=\"{}\"",
            model, changed, used, attempt, edits.explanation());
        return new LlmEdit(changed, model, edits.explanation(), used);
      } catch (LlmException e) {
        if (e.modelAnswered()) {
          used += charge(budget, e.usage(), estimate);
        }
        correctable = e.reason().equals(LlmException.MALFORMED) || e.reason().equals(LlmException.OUT_OF_SCHEMA);
        error = e.reason() + ": " + e.getMessage();
        if (e.reason().equals(LlmException.OUT_OF_SCHEMA)) {
          try {
            EditAnswer.refuseUnshown(e.answer(), shown);
          } catch (EditRejected refused) {
            correctable = false;
            error = refused.getMessage();
          }
        }
      } catch (EditRejected e) {
        correctable = e.isCorrectable();
        error = e.getMessage();
      }
      if (!correctable || attempt == ATTEMPTS) {
        throw giveUp(whyNoRecipe, error + (attempt > 1 ? " (after one correction)" : ""));
      }
      log.info("LLM edit answer not usable, asking once more with the error: {}", error);
      prompt = prompt.withUser(task + EditPrompt.correction(error));
    }
  }

  private static long charge(TokenBudget budget, TokenUsage usage, long estimate) {
    long tokens = usage.total() > 0 ? usage.total() : estimate;
    budget.spend(tokens);
    return tokens;
  }

  /** The server's model name, fit for a commit trailer. */
  static String modelName(String model) {
    String safe = model == null ? "" : model.replaceAll("[^A-Za-z0-9._:/@+-]", "_");
    if (safe.isEmpty()) {
      return "unknown";
    }
    return safe.length() <= MAX_MODEL_NAME_CHARS ? safe : safe.substring(0, MAX_MODEL_NAME_CHARS);
  }

  private static ApplicationFailure giveUp(String whyNoRecipe, String why) {
    log.warn("LLM edit failed, escalating: {}", why);
    return Failures.nonRetryable(Errors.NO_RECIPE, whyNoRecipe + "; the LLM edit failed: " + why);
  }
}
