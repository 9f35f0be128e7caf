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

class WidenBoxedNumberCastRecipeTest {
  static final String TOTALS = "src/main/java/com/acme/cart/Totals.java";
  static final String TOTALS_SOURCE = """
      package com.acme.cart;

      import java.util.HashMap;
      import java.util.Map;

      public class Totals {
          public Map<String, Long> quantities(Map<String, Object> parsed) {
              Map<String, Long> out = new HashMap<>();
              for (Map.Entry<String, Object> e : parsed.entrySet()) {
                  out.put(e.getKey(), (Long) e.getValue());
              }
              return out;
          }
      }
      """;
  static final String TOTALS_TEST = """
      package com.acme.cart;

      import static org.junit.jupiter.api.Assertions.assertEquals;

      import java.util.Map;
      import org.junit.jupiter.api.Test;

      class TotalsTest {
          @Test
          void keepsLongs() {
              assertEquals(3L, new Totals().quantities(Map.of("sku-1", 3L)).get("sku-1"));
          }
      }
      """;
  private static final String REGRESSION = "src/test/java/com/acme/cart/TotalsNumberCastRegressionTest.java";

  @TempDir Path repo;
  @TempDir Path scratch;

  static Diagnosis castAt(String file, int line) {
    return RecipeFixture.diagnosis(new RootCause("cart-api", "Totals.quantities", "java.lang.ClassCastException", file, line,
        "quantities failed (ClassCastException: class java.lang.Integer cannot be cast to class java.lang.Long (java.lang.Integer "
            + "and java.lang.Long are in module java.base of loader 'bootstrap'))"), "s", WidenBoxedNumberCastRecipe.ID);
  }

  @Test
  void castsThroughNumberAtTheFailingLineAndItsTestGoesRedToGreen() throws Exception {
    RecipeFixture f = RecipeFixture.init(repo);
    f.commit("cart", Map.of("pom.xml", RecipeFixture.POM, TOTALS, TOTALS_SOURCE, "src/test/java/com/acme/cart/TotalsTest.java", TOTALS_TEST));

    assertThat(new WidenBoxedNumberCastRecipe().apply(repo, castAt("com/acme/cart/Totals.java", 10)))
        .containsExactly(TOTALS, REGRESSION);

    assertThat(f.read(TOTALS)).isEqualTo(TOTALS_SOURCE.replace("(Long) e.getValue()", "((Number) e.getValue()).longValue()"));
    assertThat(f.read(REGRESSION)).contains("new Totals().quantities(Map.<String, Object>of(\"selfheal\", 7))");
    RecipeFixture.Run red = RecipeFixture.runTest(f.preFixTreeWith(scratch.resolve("red"), REGRESSION), REGRESSION);
    assertThat(red.failedInATest()).as(red.output()).isTrue();
    assertThat(red.output()).contains("ClassCastException");
    RecipeFixture.Run green = RecipeFixture.runAll(repo);
    assertThat(green.passed()).as(green.output()).isTrue();
  }

  @Test
  void refusesWhenTheNamedLineHasNoSuchCast() throws Exception {
    RecipeFixture f = RecipeFixture.init(repo);
    f.commit("cart", Map.of("pom.xml", RecipeFixture.POM, TOTALS, TOTALS_SOURCE, "src/test/java/com/acme/cart/TotalsTest.java", TOTALS_TEST));
    Map<String, String> before = f.snapshot();

    assertThatThrownBy(() -> new WidenBoxedNumberCastRecipe().apply(repo, castAt("com/acme/cart/Totals.java", 8)))
        .isInstanceOf(RecipeRefusedException.class)
        .hasMessageContaining("Totals.java:8 has no cast to Long (found: Map<String, Long> out = new HashMap<>();)");
    assertThat(f.snapshot()).isEqualTo(before);
  }
}
