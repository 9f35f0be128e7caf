package dev.selfheal.activities.fix.recipes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.activities.fix.RecipeRefusedException;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.RootCause;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** slf4j went from 2.0.16 to 1.7.36 in a "BOM alignment"; the code calls the 2.x fluent API. */
class RevertDependencyPinRecipeTest {
  private static final String AUDIT = "src/main/java/com/acme/audit/AuditLog.java";
  private static final String AUDIT_SOURCE = """
      package com.acme.audit;

      import org.slf4j.Logger;
      import org.slf4j.LoggerFactory;

      public class AuditLog {
          private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

          public void record(String what) {
              log.atInfo().addKeyValue("what", what).log("audit");
          }
      }
      """;
  private static final String TEST = """
      package com.acme.audit;

      import static org.junit.jupiter.api.Assertions.assertTrue;

      import org.junit.jupiter.api.Test;

      class AuditLogTest {
          @Test
          void exists() {
              assertTrue(new AuditLog() != null);
          }
      }
      """;
  private static final String MESSAGE = "audit failed (NoSuchMethodError: 'org.slf4j.spi.LoggingEventBuilder org.slf4j.Logger.atInfo()')";
  private static final String REGRESSION = "src/test/java/com/acme/audit/LoggerLinkageRegressionTest.java";

  @TempDir Path repo;
  @TempDir Path scratch;

  private static Diagnosis linkage(String message) {
    return RecipeFixture.diagnosis(new RootCause("audit", "AuditLog.record", "java.lang.NoSuchMethodError",
        "com/acme/audit/AuditLog.java", 10, message), "s", RevertDependencyPinRecipe.ID);
  }

  private RecipeFixture bumped() throws Exception {
    RecipeFixture f = RecipeFixture.init(repo);
    f.commit("audit", Map.of("pom.xml", RecipeFixture.POM, AUDIT, AUDIT_SOURCE, "src/test/java/com/acme/audit/AuditLogTest.java", TEST));
    // compiled against 2.x, then the build is re-pinned: what a bad BOM alignment ships
    f.commit("align slf4j with the platform BOM", Map.of("pom.xml",
        RecipeFixture.POM.replace("<slf4j.version>2.0.16</slf4j.version>", "<slf4j.version>1.7.36</slf4j.version>")));
    return f;
  }

  @Test
  void revertsThePinOfTheLibraryThatLostTheMethodAndItsTestGoesRedToGreen() throws Exception {
    RecipeFixture f = bumped();

    assertThat(new RevertDependencyPinRecipe().apply(repo, linkage(MESSAGE))).containsExactly("pom.xml", REGRESSION);

    assertThat(f.read("pom.xml")).isEqualTo(RecipeFixture.POM);
    assertThat(f.read(REGRESSION)).contains("Class.forName(\"org.slf4j.Logger\").getMethod(\"atInfo\")");
    // the pre-fix tree does not compile AuditLog against 1.7.36, so red is the lookup failing on a tree without it
    Path red = f.preFixTreeWith(scratch.resolve("red"), REGRESSION);
    java.nio.file.Files.delete(red.resolve(AUDIT));
    java.nio.file.Files.delete(red.resolve("src/test/java/com/acme/audit/AuditLogTest.java"));
    RecipeFixture.Run before = RecipeFixture.runTest(red, REGRESSION);
    assertThat(before.failedInATest()).as(before.output()).isTrue();
    assertThat(before.output()).contains("NoSuchMethodException");
    RecipeFixture.Run green = RecipeFixture.runAll(repo);
    assertThat(green.passed()).as(green.output()).isTrue();
  }

  @Test
  void revertsARequirementsPin() throws Exception {
    RecipeFixture f = RecipeFixture.init(repo);
    f.commit("worker", Map.of("requirements.txt", "celery==5.3.6\nredis==5.0.1\n", "tests/__init__.py", "",
        "tests/test_x.py", "import unittest\n"));
    f.commit("bump redis", Map.of("requirements.txt", "celery==5.3.6\nredis==6.0.0\n"));

    assertThat(new RevertDependencyPinRecipe().apply(repo, RecipeFixture.diagnosis(new RootCause("worker", "tasks", "ImportError",
        null, null, "ImportError: cannot import name 'StrictRedis' from 'redis'"), "s", RevertDependencyPinRecipe.ID)))
        .containsExactly("requirements.txt", "tests/test_redis_pin.py");
    assertThat(f.read("requirements.txt")).isEqualTo("celery==5.3.6\nredis==5.0.1\n");
    assertThat(f.read("tests/test_redis_pin.py")).contains("self.assertTrue(hasattr(mod, \"StrictRedis\")");
  }

  @Test
  void refusesWhenNoPinOfTheOwningLibraryChanged() throws Exception {
    RecipeFixture f = bumped();
    Map<String, String> before = f.snapshot();

    assertThatThrownBy(() -> new RevertDependencyPinRecipe().apply(repo,
        linkage("NoSuchMethodError: 'void com.fasterxml.jackson.core.JsonGenerator.writeNumber(short)'")))
        .isInstanceOf(RecipeRefusedException.class)
        .hasMessage("no pin in a tracked pom.xml that owns com.fasterxml.jackson.core.JsonGenerator changed in the history; "
            + "the missing member is not explained by a version bump");
    assertThat(f.snapshot()).isEqualTo(before);
  }
}
