package dev.selfheal.activities.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CodeHostConfigTest {
  @Test
  void eachHostKindHasItsPublicApiAndTokenVariableByDefault() {
    CodeHostConfig github = new CodeHostConfig(CodeHostKind.parse("github"), null, "acme/app", null, null);
    CodeHostConfig gitlab = new CodeHostConfig(CodeHostKind.parse("GitLab"), "https://git.example.com/api/v4/", "g/sub/app",
        "TEAM_GITLAB_TOKEN", List.of("selfheal"));

    assertThat(github.apiUrl()).isEqualTo("https://api.github.com");
    assertThat(github.tokenEnv()).isEqualTo("GITHUB_TOKEN");
    assertThat(github.labels()).isEmpty();
    assertThat(gitlab.apiUrl()).isEqualTo("https://git.example.com/api/v4");
    assertThat(gitlab.tokenEnv()).isEqualTo("TEAM_GITLAB_TOKEN");
  }

  @Test
  void badEntriesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> CodeHostKind.parse("bitbucket")).hasMessageContaining("'bitbucket' is not one of github, gitlab, local");
    assertThatThrownBy(() -> new CodeHostConfig(CodeHostKind.GITHUB, null, "acme", null, null))
        .hasMessageContaining("repo 'acme' is not a GitHub owner/name");
    assertThatThrownBy(() -> new CodeHostConfig(CodeHostKind.GITLAB, null, "app", null, null))
        .hasMessageContaining("is not a GitLab project path");
    assertThatThrownBy(() -> new CodeHostConfig(CodeHostKind.GITHUB, "ftp://x", "a/b", null, null))
        .hasMessageContaining("apiUrl 'ftp://x' must be an http(s) URL");
    assertThatThrownBy(() -> new CodeHostConfig(CodeHostKind.GITHUB, null, "a/b", "ghp_abc-123", null))
        .hasMessageContaining("tokenEnv 'ghp_abc-123' is not an environment variable name");
    assertThatThrownBy(() -> new CodeHostConfig(CodeHostKind.GITLAB, null, "a/b", null, List.of("a,b")))
        .hasMessageContaining("label 'a,b' is not valid");
  }

  @Test
  void anApiUrlWithCredentialsIsRefusedWithoutRepeatingThem() {
    assertThatThrownBy(() -> new CodeHostConfig(CodeHostKind.GITHUB, "https://ghp_secret@api.github.com", "a/b", null, null))
        .hasMessageContaining("must not carry credentials")
        .hasMessageNotContaining("ghp_secret");
  }
}
