package dev.selfheal.activities.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybookTest {
  private final Playbook playbook = Playbook.builtIn();

  @TempDir Path dir;

  @Test
  void fileMissingFromAVolatileDirectoryHasAKnownFix() {
    for (String tmp : new String[] {"/tmp/", "/var/tmp/", "/dev/shm/"}) {
      String message = "template not found: " + tmp + "report-service/report-template.html (No such file or directory)";
      assertThat(playbook.match("report-service", "java.io.FileNotFoundException", message)).as(tmp)
          .hasValueSatisfying(rule -> {
            assertThat(rule.id()).isEqualTo("volatile-path-file-not-found");
            assertThat(rule.recipeId()).isEqualTo("relocate-volatile-resource");
            assertThat(rule.category()).isEqualTo("code");
            assertThat(rule.description()).contains("tmpfiles");
          });
    }
    assertThat(playbook.match("any", "FileNotFoundException", "/tmp/x (No such file or directory)")).isPresent();
  }

  @Test
  void otherPathsAndOtherErrorsDoNot() {
    assertThat(playbook.match("s", "java.io.FileNotFoundException", "/opt/app/tmp/report.html (No such file)")).isEmpty();
    assertThat(playbook.match("s", "java.io.FileNotFoundException", "/srv/report/template.html (No such file)")).isEmpty();
    assertThat(playbook.match("s", "java.io.FileNotFoundException", "/home/u/tmp/x")).isEmpty();
    assertThat(playbook.match("s", "java.nio.file.NoSuchFileException", "/tmp/x")).isEmpty();
    assertThat(playbook.match("s", null, "/tmp/x")).isEmpty();
    assertThat(playbook.match("s", "java.io.FileNotFoundException", null)).isEmpty();
  }

  @Test
  void aTeamsRulesComeFirstAndMayBeLimitedToServices() throws Exception {
    Files.writeString(dir.resolve("team.yaml"), """
        rules:
          - id: pricing-missing-default-region
            description: the pricing config lost its default region; restore it with a safe default
            errorTypes: [NullPointerException]
            message: 'region'
            services: [pricing-service]
            recipe: config-key-default
            category: config
        """);
    Playbook merged = Playbook.withDirectory(dir);

    assertThat(merged.rules()).extracting(PlaybookRule::id).first().isEqualTo("pricing-missing-default-region");
    assertThat(merged.rules().subList(1, merged.rules().size())).extracting(PlaybookRule::id)
        .containsExactlyElementsOf(Playbook.builtIn().rules().stream().map(PlaybookRule::id).toList());
    assertThat(merged.match("pricing-service", "java.lang.NullPointerException", "default region is null"))
        .hasValueSatisfying(r -> assertThat(r.recipeId()).isEqualTo("config-key-default"));
    assertThat(merged.match("cart-service", "java.lang.NullPointerException", "default region is null")).isEmpty();
  }

  @Test
  void mistakesInAFileNameTheFileLineAndField() throws Exception {
    assertRefused("""
        rules:
          - id: a-rule
            errorTypes: [X]
            message: 'x'
            recipe: r
            category: magic
        """, "team.yaml:2: rules[0] (a-rule).category: 'magic' is not one of");
    assertRefused("""
        rules:
          - id: a-rule
            errorTypes: [X]
            message: '(unclosed'
            recipe: r
            category: code
        """, "team.yaml:2: rules[0] (a-rule).message: not a valid regular expression");
    assertRefused("""
        rules:
          - id: a-rule
            errorType: X
            message: 'x'
            recipe: r
            category: code
        """, "team.yaml:2: rules[0] (a-rule).errorType: unknown field");
    assertRefused("""
        rules:
          - id: a-rule
            errorTypes: [X]
            message: 'x'
            category: code
        """, "rules[0].recipe: required text field is missing");
    assertRefused("rules: [\n  {id: a, errorTypes: [X], message: x, recipe: r, category: code},\n  {id: a, errorTypes: [Y], message: y, recipe: r, category: code}\n]\n",
        "'a' is used twice");
    assertRefused("rules:\n  - id: a\n    errorTypes: [X\n", "team.yaml:");
  }

  private void assertRefused(String yaml, String message) throws Exception {
    Files.writeString(dir.resolve("team.yaml"), yaml);
    assertThatThrownBy(() -> Playbook.withDirectory(dir)).isInstanceOf(PlaybookException.class).hasMessageContaining(message);
  }
}
