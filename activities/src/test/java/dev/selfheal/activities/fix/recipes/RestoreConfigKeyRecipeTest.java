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

class RestoreConfigKeyRecipeTest {
  private static final String CONFIG = "config/shipping.yaml";
  private static final String WITH_KEY = """
      shipping:
        carrier:
          fallback: dhl
          timeout: 5s
        zones:
          eu: 1
      """;
  private static final String WITHOUT_KEY = """
      shipping:
        carrier:
          timeout: 5s
        zones:
          eu: 1
      """;
  private static final String SETTINGS = "src/main/java/com/acme/shipping/config/CarrierSettings.java";
  private static final String SETTINGS_SOURCE = """
      package com.acme.shipping.config;

      /** Bound from {@code shipping.carrier.*} in config/shipping.yaml. */
      public class CarrierSettings {
          private String fallbackCarrier;

          public String getFallbackCarrier() {
              return fallbackCarrier;
          }
      }
      """;
  private static final String TEST = """
      package com.acme.shipping.config;

      import static org.junit.jupiter.api.Assertions.assertNull;

      import org.junit.jupiter.api.Test;

      class CarrierSettingsTest {
          @Test
          void startsEmpty() {
              assertNull(new CarrierSettings().getFallbackCarrier());
          }
      }
      """;
  private static final String REGRESSION = "src/test/java/com/acme/shipping/config/CarrierSettingsConfigKeyRegressionTest.java";

  @TempDir Path repo;
  @TempDir Path scratch;

  private static Diagnosis npe() {
    return RecipeFixture.diagnosis(new RootCause("shipping", "Quotes.carrier", "java.lang.NullPointerException",
        "com/acme/shipping/Quotes.java", 12, "quote failed (NullPointerException: Cannot invoke \"String.trim()\" because the return "
            + "value of \"com.acme.shipping.config.CarrierSettings.getFallbackCarrier()\" is null)"), "s", RestoreConfigKeyRecipe.ID);
  }

  @Test
  void restoresTheRemovedKeyFromHistoryAndItsTestGoesRedToGreen() throws Exception {
    RecipeFixture f = RecipeFixture.init(repo);
    String first = f.commit("shipping", Map.of("pom.xml", RecipeFixture.POM, CONFIG, WITH_KEY, SETTINGS, SETTINGS_SOURCE,
        "src/test/java/com/acme/shipping/config/CarrierSettingsTest.java", TEST));
    f.commit("r812: tidy carrier block", Map.of(CONFIG, WITHOUT_KEY));

    assertThat(new RestoreConfigKeyRecipe().apply(repo, npe())).containsExactly(CONFIG, REGRESSION);

    assertThat(f.read(CONFIG)).isEqualTo("""
        shipping:
          carrier:
            fallback: dhl  # restored by selfheal from commit %s (shipping)
            timeout: 5s
          zones:
            eu: 1
        """.formatted(first.substring(0, 12)));
    RecipeFixture.Run red = RecipeFixture.runTest(f.preFixTreeWith(scratch.resolve("red"), REGRESSION), REGRESSION);
    assertThat(red.failedInATest()).as(red.output()).isTrue();
    assertThat(red.output()).contains("config/shipping.yaml sets shipping.carrier.fallback");
    RecipeFixture.Run green = RecipeFixture.runAll(repo);
    assertThat(green.passed()).as(green.output()).isTrue();
  }

  @Test
  void refusesWhenNoEarlierVersionHadTheKey() throws Exception {
    RecipeFixture f = RecipeFixture.init(repo);
    f.commit("shipping", Map.of("pom.xml", RecipeFixture.POM, CONFIG, WITHOUT_KEY, SETTINGS, SETTINGS_SOURCE));
    Map<String, String> before = f.snapshot();

    assertThatThrownBy(() -> new RestoreConfigKeyRecipe().apply(repo, npe()))
        .isInstanceOf(RecipeRefusedException.class)
        .hasMessage("no earlier version of config/shipping.yaml has a key for CarrierSettings.getFallbackCarrier() "
            + "(words [fallback, carrier], under shipping.carrier) that is missing now");
    assertThat(f.snapshot()).isEqualTo(before);
  }
}
