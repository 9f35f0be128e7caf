package dev.selfheal.activities.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlaybookTest {
  private final Playbook playbook = Playbook.builtIn();

  @Test
  void fileMissingFromAVolatileDirectoryHasAKnownFix() {
    for (String dir : new String[] {"/tmp/", "/var/tmp/", "/dev/shm/"}) {
      String message = "template not found: " + dir + "report-service/report-template.html (No such file or directory)";
      assertThat(playbook.match("java.io.FileNotFoundException", message)).as(dir)
          .hasValueSatisfying(rule -> {
            assertThat(rule.recipeId()).isEqualTo("relocate-volatile-resource");
            assertThat(rule.category()).isEqualTo("code");
          });
    }
    assertThat(playbook.match("FileNotFoundException", "/tmp/x (No such file or directory)")).isPresent();
  }

  @Test
  void otherPathsAndOtherErrorsDoNot() {
    assertThat(playbook.match("java.io.FileNotFoundException", "/opt/app/tmp/report.html (No such file)")).isEmpty();
    assertThat(playbook.match("java.io.FileNotFoundException", "/srv/report/template.html (No such file)")).isEmpty();
    assertThat(playbook.match("java.io.FileNotFoundException", "/home/u/tmp/x")).isEmpty();
    assertThat(playbook.match("java.nio.file.NoSuchFileException", "/tmp/x")).isEmpty();
    assertThat(playbook.match(null, "/tmp/x")).isEmpty();
    assertThat(playbook.match("java.io.FileNotFoundException", null)).isEmpty();
  }
}
