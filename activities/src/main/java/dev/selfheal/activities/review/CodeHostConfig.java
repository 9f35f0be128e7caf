package dev.selfheal.activities.review;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One service's code host, as the catalog will describe it. Validated on construction, so a bad
 * catalog entry is refused when it is read, with the field named, not when the first incident
 * reaches the PR stage.
 *
 * @param apiUrl the API root: {@code https://api.github.com}, {@code https://HOST/api/v3} (GitHub
 *     Enterprise Server), {@code https://gitlab.com/api/v4}; null means the kind's public default
 * @param repo GitHub {@code owner/name}, or GitLab's project path {@code group/sub/project}
 * @param tokenEnv the environment variable that holds the API token (never the token itself);
 *     null means {@code GITHUB_TOKEN} or {@code GITLAB_TOKEN}
 * @param labels put on every review request selfheal opens
 */
public record CodeHostConfig(CodeHostKind kind, String apiUrl, String repo, String tokenEnv, List<String> labels) {
  private static final Pattern GITHUB_REPO = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
  private static final Pattern GITLAB_PROJECT = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  // GitLab sends labels as one comma-separated string; GitHub caps a name at 50 characters
  private static final Pattern LABEL = Pattern.compile("[^,\\r\\n]{1,50}");

  public CodeHostConfig {
    if (kind == null) {
      throw new IllegalArgumentException("code host kind is missing (github, gitlab or local)");
    }
    labels = labels == null ? List.of() : List.copyOf(labels);
    labels.forEach(CodeHostConfig::requireLabel);
    if (kind != CodeHostKind.LOCAL) {
      apiUrl = apiUrl == null || apiUrl.isBlank() ? kind.defaultApiUrl() : apiUrl.trim();
      while (apiUrl.endsWith("/")) {
        apiUrl = apiUrl.substring(0, apiUrl.length() - 1);
      }
      requireHttpUrl(apiUrl);
      tokenEnv = tokenEnv == null || tokenEnv.isBlank() ? kind.defaultTokenEnv() : tokenEnv.trim();
      if (!ENV_NAME.matcher(tokenEnv).matches()) {
        throw new IllegalArgumentException(
            "code host tokenEnv '" + tokenEnv + "' is not an environment variable name (put the token in the "
                + "environment, and its name here)");
      }
      Pattern shape = kind == CodeHostKind.GITHUB ? GITHUB_REPO : GITLAB_PROJECT;
      if (repo == null || !shape.matcher(repo).matches() || repo.contains("..")) {
        throw new IllegalArgumentException(
            "code host repo '" + repo + "' is not "
                + (kind == CodeHostKind.GITHUB ? "a GitHub owner/name" : "a GitLab project path group/project"));
      }
    }
  }

  /** The local host: reviews beside a bare origin. */
  public static CodeHostConfig local() {
    return new CodeHostConfig(CodeHostKind.LOCAL, null, null, null, List.of());
  }

  /** @throws IllegalArgumentException when a host would refuse the label or split it in two */
  public static void requireLabel(String label) {
    if (label == null || label.isBlank() || !LABEL.matcher(label).matches()) {
      throw new IllegalArgumentException(
          "code host label '" + label + "' is not valid (1-50 characters, no comma or line break)");
    }
  }

  private static void requireHttpUrl(String url) {
    if (url.contains("@")) {
      // not echoed: whatever precedes the @ may be a credential
      throw new IllegalArgumentException(
          "code host apiUrl must not carry credentials; put the token in the environment and name it in tokenEnv");
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("code host apiUrl '" + url + "' is not a URL");
    }
    if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
        || uri.getRawQuery() != null) {
      throw new IllegalArgumentException("code host apiUrl '" + url + "' must be an http(s) URL with a host and no query");
    }
  }
}
