package dev.selfheal.activities.review;

import java.util.Locale;

/** Where a service's review requests live. */
public enum CodeHostKind {
  /** Pull requests through the GitHub REST API (github.com or GitHub Enterprise Server). */
  GITHUB("https://api.github.com", "GITHUB_TOKEN"),
  /** Merge requests through the GitLab REST API v4 (gitlab.com or self-managed). */
  GITLAB("https://gitlab.com/api/v4", "GITLAB_TOKEN"),
  /** Review files beside a bare origin on this machine: no API, no token. */
  LOCAL(null, null);

  private final String defaultApiUrl;
  private final String defaultTokenEnv;

  CodeHostKind(String defaultApiUrl, String defaultTokenEnv) {
    this.defaultApiUrl = defaultApiUrl;
    this.defaultTokenEnv = defaultTokenEnv;
  }

  String defaultApiUrl() {
    return defaultApiUrl;
  }

  String defaultTokenEnv() {
    return defaultTokenEnv;
  }

  /** {@code github}, {@code gitlab} or {@code local}, as a catalog writes it. */
  public static CodeHostKind parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("code host kind is missing (github, gitlab or local)");
    }
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("code host kind '" + text + "' is not one of github, gitlab, local");
    }
  }
}
