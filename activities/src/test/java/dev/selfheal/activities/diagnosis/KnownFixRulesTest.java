package dev.selfheal.activities.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The built-in rules match the root causes they describe, and not their near misses. */
class KnownFixRulesTest {
  private final Playbook playbook = Playbook.builtIn();

  private Optional<String> rule(String errorType, String message, boolean deployed) {
    return playbook.match("svc", errorType, message, deployed).map(PlaybookRule::id);
  }

  @Test
  void aPythonFileNotFoundUnderTmpIsAVolatilePath() {
    assertThat(rule("FileNotFoundError", "render failed (FileNotFoundError: [Errno 2] No such file or directory: "
        + "'/tmp/templates/report.html')", false)).contains("volatile-path-file-not-found");
    assertThat(rule("FileNotFoundError", "No such file or directory: '/srv/app/tmp/x.html'", false)).isEmpty();
  }

  @Test
  void aConfigBoundGetterReturningNullIsAMissingKey() {
    assertThat(rule("java.lang.NullPointerException", "Cannot invoke \"String.toUpperCase()\" because the return value of "
        + "\"com.acme.pricing.config.RegionSettings.getDefaultRegion()\" is null", false))
        .contains("config-bound-getter-returned-null");
    // a null from any other getter is not a configuration key
    assertThat(rule("java.lang.NullPointerException", "Cannot invoke \"String.trim()\" because the return value of "
        + "\"com.acme.Order.getNote()\" is null", false)).isEmpty();
  }

  @Test
  void hikarisTimeoutIsAnExhaustedPool() {
    assertThat(rule("java.sql.SQLTransientConnectionException",
        "HikariPool-1 - Connection is not available, request timed out after 30000ms (total=10, active=10)", false))
        .contains("jdbc-pool-exhausted");
    assertThat(rule("java.sql.SQLTransientConnectionException", "Connection refused: orders-db:5432", false)).isEmpty();
  }

  @Test
  void aBoxedNumberCastIsWidenedWhetherOrNotADeployPreceded() {
    String message = "class java.lang.Integer cannot be cast to class java.lang.Long (java.lang.Integer and java.lang.Long "
        + "are in module java.base of loader 'bootstrap')";
    assertThat(rule("java.lang.ClassCastException", message, false)).contains("boxed-number-cast-mismatch");
    assertThat(rule("java.lang.ClassCastException", message, true)).contains("boxed-number-cast-mismatch");
  }

  @Test
  void anyOtherCastIsRevertedOnlyRightAfterADeploy() {
    String message = "class com.acme.A cannot be cast to class com.acme.B";
    assertThat(rule("java.lang.ClassCastException", message, true)).contains("regression-right-after-deploy");
    assertThat(rule("java.lang.ClassCastException", message, false)).isEmpty();
  }

  @Test
  void aLinkageErrorWithoutADeployIsADependencyPin() {
    String message = "NoSuchMethodError: 'org.slf4j.spi.LoggingEventBuilder org.slf4j.Logger.atInfo()'";
    assertThat(rule("java.lang.NoSuchMethodError", message, false)).contains("linkage-error-after-dependency-change");
    assertThat(rule("java.lang.NoSuchMethodError", message, true)).contains("regression-right-after-deploy");
    assertThat(rule("ImportError", "cannot import name 'StrictRedis' from 'redis'", false))
        .contains("linkage-error-after-dependency-change");
  }

  @Test
  void everyRuleNamesARecipeTheWorkerKnows() {
    assertThat(playbook.rules()).extracting(PlaybookRule::recipeId)
        .allSatisfy(id -> assertThat(dev.selfheal.activities.fix.RecipeRegistry.builtIn().ids()).contains(id));
  }
}
