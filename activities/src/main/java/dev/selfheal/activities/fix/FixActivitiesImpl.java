package dev.selfheal.activities.fix;

import dev.selfheal.activities.Failures;
import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.activities.fix.guard.ChangeReader;
import dev.selfheal.activities.fix.guard.GuardPolicy;
import dev.selfheal.activities.fix.guard.GuardVerdict;
import dev.selfheal.activities.fix.guard.PatchGuard;
import dev.selfheal.activities.fix.llm.LlmEditor;
import dev.selfheal.activities.git.AtomicFiles;
import dev.selfheal.activities.git.GitStepException;
import dev.selfheal.activities.git.RequestChecks;
import dev.selfheal.activities.git.SelfhealCommits;
import dev.selfheal.workflows.Errors;
import dev.selfheal.workflows.IncidentIds;
import dev.selfheal.workflows.activities.FixActivities;
import dev.selfheal.workflows.messages.requests.FixRequest;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.FixResult;
import dev.selfheal.workflows.messages.values.RootCause;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the diagnosis's recipe in the incident's worktree and commits it on the incident
 * branch. Idempotent by the commit's {@code Selfheal-Incident} trailer: once the branch has the
 * fix commit, later calls only recompute its diff, which comes out identical. The patch guard
 * inspects the staged change before the commit; a refused patch is undone and never committed.
 * When no recipe fits and an LLM is configured, the model's edits take the recipe's place.
 */
public final class FixActivitiesImpl implements FixActivities {
  private static final Logger log = LoggerFactory.getLogger(FixActivitiesImpl.class);
  private static final int SUBJECT_SUMMARY_MAX = 72;

  private final ServiceCatalog catalog;
  private final Workspace workspace;
  private final RecipeRegistry recipes;
  private final Function<String, GuardPolicy> guardPolicies;
  private final LlmEditor llmEditor;

  public FixActivitiesImpl(ServiceCatalog catalog, Workspace workspace) {
    this(catalog, workspace, RecipeRegistry.builtIn());
  }

  public FixActivitiesImpl(ServiceCatalog catalog, Workspace workspace, RecipeRegistry recipes) {
    this(catalog, workspace, recipes, service -> GuardPolicy.defaults());
  }

  /** @param guardPolicies each service's patch guard policy, by service name */
  public FixActivitiesImpl(
      ServiceCatalog catalog, Workspace workspace, RecipeRegistry recipes, Function<String, GuardPolicy> guardPolicies) {
    this(catalog, workspace, recipes, guardPolicies, null);
  }

  /** @param llmEditor asked for edits when no recipe fits; null for none (no recipe is then {@code NO_RECIPE}) */
  public FixActivitiesImpl(
      ServiceCatalog catalog, Workspace workspace, RecipeRegistry recipes, Function<String, GuardPolicy> guardPolicies,
      LlmEditor llmEditor) {
    this.catalog = catalog;
    this.workspace = workspace;
    this.recipes = recipes;
    this.guardPolicies = guardPolicies;
    this.llmEditor = llmEditor;
  }

  @Override
  public FixResult applyFix(FixRequest request) {
    catalog.require(request.service());
    String incidentId = request.incidentId();
    RequestChecks.requireIncident(incidentId, request.service(), Errors.INVALID_REQUEST);
    Diagnosis diagnosis = request.diagnosis();
    if (diagnosis == null) {
      throw Failures.nonRetryable(Errors.NO_DIAGNOSIS, "the fix request carries no diagnosis");
    }
    FixRecipe recipe = selectRecipe(diagnosis);
    PatchGuard guard = new PatchGuard(guardPolicies.apply(request.service()));
    if (request.worktree() == null || request.worktree().path() == null) {
      throw Failures.nonRetryable(Errors.PATCH_REFUSED, "the fix request carries no worktree");
    }
    Path dir = Path.of(request.worktree().path());
    String branch = IncidentIds.branch(incidentId);
    try (Git git = open(dir)) {
      Repository repo = git.getRepository();
      if (!(Constants.R_HEADS + branch).equals(repo.getFullBranch())) {
        throw Failures.nonRetryable(
            Errors.PATCH_REFUSED, "worktree " + dir + " is on " + repo.getFullBranch() + ", not on " + branch);
      }
      ObjectId base = resolveBase(repo, request.worktree().baseCommit(), dir);

      Optional<RevCommit> earlier = findFixCommit(repo, base, incidentId);
      RevCommit commit;
      GuardVerdict verdict;
      if (earlier.isPresent()) {
        commit = earlier.get();
        // judged again for its risk class, and in case the service's policy tightened since
        verdict = guard.check(ChangeReader.between(repo, base, commit));
        log.info("fix already committed incident={} branch={} commit={}", incidentId, branch, commit.name());
        if (!verdict.allowed()) {
          throw refused(incidentId, verdict);
        }
      } else {
        verdict = applyAndGuard(git, recipe, request, dir, guard);
        commit = commit(git, recipe, request);
        log.info("fix committed incident={} branch={} recipe={} commit={} risk={}",
            incidentId, branch, recipe.id(), commit.name(), verdict.risk().riskClass());
      }

      FixDiff diff = FixDiff.between(repo, base, commit);
      Path diffPath = workspace.incidentDir(incidentId).resolve("fix.diff");
      AtomicFiles.write(diffPath, diff.bytes());
      String recipeId = commit.getFooterLines(SelfhealCommits.RECIPE_TRAILER).stream().findFirst().orElse(recipe.id());
      log.info("fix diff incident={} sha256={} stat=\"{}\" path={}", incidentId, diff.sha256(), diff.stat(), diffPath);
      return new FixResult(recipeId, commit.name(), diff.sha256(), diffPath.toString(), diff.stat(), diff.files(),
          verdict.risk().riskClass(), verdict.risk().reason());
    } catch (IOException | GitAPIException e) {
      throw new GitStepException("applyFix incident=" + incidentId + ": " + e.getMessage(), e);
    }
  }

  /** The diagnosis's recipe; when none fits, the LLM edit if there is a model to ask. */
  private FixRecipe selectRecipe(Diagnosis diagnosis) {
    try {
      return recipes.select(diagnosis);
    } catch (ApplicationFailure noRecipe) {
      if (llmEditor == null || !Errors.NO_RECIPE.name().equals(noRecipe.getType())) {
        throw noRecipe;
      }
      // only asked in applyAndGuard, after an earlier fix commit was looked for
      return llmEditor.recipe(noRecipe.getOriginalMessage());
    }
  }

  private static Git open(Path dir) throws IOException {
    try {
      if (!Files.isDirectory(dir.resolve(Constants.DOT_GIT))) {
        throw new RepositoryNotFoundException(dir.toFile());
      }
      return Git.open(dir.toFile());
    } catch (RepositoryNotFoundException e) {
      // the worktree lives on the host that prepared it; without it there is nothing to patch
      throw Failures.nonRetryable(
          Errors.PATCH_REFUSED, "worktree " + dir + " is not a git checkout on this host; prepareWorktree must run first");
    }
  }

  private static ObjectId resolveBase(Repository repo, String baseCommit, Path dir) throws IOException {
    if (baseCommit == null || !ObjectId.isId(baseCommit) || !repo.getObjectDatabase().has(ObjectId.fromString(baseCommit))) {
      throw Failures.nonRetryable(
          Errors.PATCH_REFUSED, "base commit " + baseCommit + " of the worktree is not in " + dir);
    }
    return ObjectId.fromString(baseCommit);
  }

  /** The newest commit on the branch since base that carries this incident's trailer. */
  private static Optional<RevCommit> findFixCommit(Repository repo, ObjectId base, String incidentId) throws IOException {
    ObjectId head = repo.resolve(Constants.HEAD);
    try (RevWalk walk = new RevWalk(repo)) {
      walk.markStart(walk.parseCommit(head));
      walk.markUninteresting(walk.parseCommit(base));
      for (RevCommit commit : walk) {
        if (SelfhealCommits.hasTrailer(commit, SelfhealCommits.INCIDENT_TRAILER, incidentId)) {
          return Optional.of(commit);
        }
      }
    }
    return Optional.empty();
  }

  /** Applies the recipe and stages its change; a change the guard refuses is undone. */
  private GuardVerdict applyAndGuard(Git git, FixRecipe recipe, FixRequest request, Path dir, PatchGuard guard)
      throws IOException, GitAPIException {
    String incidentId = request.incidentId();
    Status status = git.status().call();
    if (!status.isClean()) {
      // a crash between the recipe's edits and the commit: start again from the last commit
      log.warn("worktree dirty without a fix commit, resetting incident={} path={} changes={}",
          incidentId, dir, status.getUncommittedChanges().size() + status.getUntracked().size());
      resetHard(git);
    }
    try {
      List<String> changed = recipe.apply(dir, request.diagnosis());
      log.info("recipe applied incident={} recipe={} files={}", incidentId, recipe.id(), changed);
    } catch (RecipeRefusedException e) {
      resetHard(git);
      throw Failures.nonRetryable(Errors.PATCH_REFUSED, "recipe " + recipe.id() + " refused: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      resetHard(git);
      throw e;
    }
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call();
    Status staged = git.status().call();
    if (staged.getAdded().isEmpty() && staged.getChanged().isEmpty() && staged.getRemoved().isEmpty()) {
      throw Failures.nonRetryable(Errors.PATCH_REFUSED, "recipe " + recipe.id() + " changed nothing in " + dir);
    }
    GuardVerdict verdict;
    try {
      verdict = guard.check(ChangeReader.staged(git.getRepository()));
    } catch (IOException | RuntimeException e) {
      resetHard(git);
      throw e;
    }
    if (!verdict.allowed()) {
      resetHard(git);
      throw refused(incidentId, verdict);
    }
    log.info("patch guard allowed incident={} recipe={} risk={} reason=\"{}\"",
        incidentId, recipe.id(), verdict.risk().riskClass(), verdict.risk().reason());
    return verdict;
  }

  private static RuntimeException refused(String incidentId, GuardVerdict verdict) {
    log.warn("patch guard refused incident={} rule={} file={} detail=\"{}\"",
        incidentId, verdict.rule(), verdict.file(), verdict.detail());
    return Failures.nonRetryable(Errors.PATCH_REFUSED, "patch guard refused " + verdict.message());
  }

  private static RevCommit commit(Git git, FixRecipe recipe, FixRequest request) throws GitAPIException {
    PersonIdent ident = SelfhealCommits.ident();
    return git.commit()
        .setMessage(commitMessage(request, recipe.id(), recipe.trailers()))
        .setAuthor(ident)
        .setCommitter(ident)
        .setSign(false)
        // the commit must hold exactly what the recipe wrote; the service's hooks run in its CI
        .setNoVerify(true)
        .call();
  }

  private static void resetHard(Git git) throws GitAPIException {
    git.reset().setMode(ResetCommand.ResetType.HARD).setRef(Constants.HEAD).call();
    git.clean().setCleanDirectories(true).setIgnore(true).call();
  }

  static String commitMessage(FixRequest request, String recipeId, Map<String, String> trailers) {
    Diagnosis d = request.diagnosis();
    RootCause cause = d.rootCause();
    StringBuilder m = new StringBuilder();
    m.append("fix(").append(request.service()).append("): ").append(shortSummary(d)).append("\n\n");
    if (cause != null) {
      m.append("Root cause: ").append(cause.errorType());
      if (cause.component() != null) {
        m.append(" in ").append(cause.component());
      }
      if (cause.file() != null) {
        m.append(" at ").append(cause.file()).append(cause.line() == null ? "" : ":" + cause.line());
      }
      m.append("\n");
      if (cause.message() != null) {
        m.append(cause.message().replace('\n', ' ').trim()).append("\n");
      }
      m.append("\n");
    }
    m.append("Recipe: ").append(recipeId).append("\n\n");
    m.append(SelfhealCommits.INCIDENT_TRAILER).append(": ").append(request.incidentId()).append("\n");
    m.append(SelfhealCommits.RECIPE_TRAILER).append(": ").append(recipeId).append("\n");
    trailers.forEach((key, value) -> m.append(key).append(": ").append(value).append("\n"));
    return m.toString();
  }

  private static String shortSummary(Diagnosis d) {
    String summary = SelfhealCommits.firstLine(d.summary());
    if (summary.isEmpty() && d.rootCause() != null) {
      String type = String.valueOf(d.rootCause().errorType());
      summary = type.substring(type.lastIndexOf('.') + 1) + " in " + d.rootCause().component();
    }
    if (summary.length() > SUBJECT_SUMMARY_MAX) {
      summary = summary.substring(0, SUBJECT_SUMMARY_MAX - 1).trim() + "…";
    }
    return summary;
  }
}
