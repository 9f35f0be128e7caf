package dev.selfheal.activities.fix.guard;

import dev.selfheal.activities.Glob;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.FileMode;

/**
 * Paths no fix may touch, whatever the service allows, each with the rule that forbids it: what
 * decides whether a change is tested, deployed or trusted must change only through a human.
 */
final class ForbiddenPaths {
  /** Checked in this order; the first match names the rule. */
  private static final Map<GuardRule, List<Glob>> PATHS = Map.of(
      GuardRule.GIT_INTERNALS, globs(".git/", ".gitmodules", ".gitattributes"),
      GuardRule.SECRETS, globs(
          ".env", ".env.*", "*.env", "*.pem", "*.key", "id_rsa*", "id_dsa*", "id_ecdsa*", "id_ed25519*",
          "*.p12", "*.pfx", "*.jks", "*.keystore", "credentials*", "secrets.*", ".netrc", ".npmrc", ".pypirc"),
      GuardRule.SELFHEAL_CONFIG, globs(
          "services.yaml", "services.yml", "known-fixes.yaml", "known-fixes.yml", "**/playbooks/", "**/.selfheal/"),
      GuardRule.CI_CONFIG, globs(
          "/.github/", ".gitlab-ci.yml", "/.gitlab/", "Jenkinsfile", "Jenkinsfile.*", "/.circleci/",
          "azure-pipelines.yml", "azure-pipelines.yaml", "/.azure-pipelines/", "/.ci/", "/.buildkite/",
          ".travis.yml", "bitbucket-pipelines.yml", ".drone.yml", "appveyor.yml"));

  private static final List<GuardRule> ORDER =
      List.of(GuardRule.GIT_INTERNALS, GuardRule.SECRETS, GuardRule.SELFHEAL_CONFIG, GuardRule.CI_CONFIG);

  private ForbiddenPaths() {}

  /** The rule that forbids this path, with the pattern it matched. */
  static Optional<Refusal> check(String path) {
    if (List.of(path.split("/")).contains(".git")) {
      // a nested .git anywhere is another repository's internals (or a planted hook)
      return Optional.of(new Refusal(GuardRule.GIT_INTERNALS, "path inside a .git directory"));
    }
    for (GuardRule rule : ORDER) {
      for (Glob glob : PATHS.get(rule)) {
        if (glob.matches(path)) {
          return Optional.of(new Refusal(rule, "matches " + glob));
        }
      }
    }
    return Optional.empty();
  }

  /** Submodules and symbolic links point outside what the diff shows; a fix never makes them. */
  static Optional<Refusal> checkMode(FileChange change) {
    for (FileMode mode : new FileMode[] {change.oldMode(), change.newMode()}) {
      if (mode == FileMode.GITLINK) {
        return Optional.of(new Refusal(GuardRule.GIT_INTERNALS, "a submodule entry"));
      }
      if (mode == FileMode.SYMLINK) {
        return Optional.of(new Refusal(GuardRule.GIT_INTERNALS, "a symbolic link"));
      }
    }
    return Optional.empty();
  }

  private static List<Glob> globs(String... globs) {
    return List.of(globs).stream().map(Glob::ignoringCase).toList();
  }
}
