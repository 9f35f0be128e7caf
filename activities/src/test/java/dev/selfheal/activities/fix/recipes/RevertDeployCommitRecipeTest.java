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

/** The search-deploy-regression story with a history: 3.7.4 summed through Number, 3.8.0 cast to Long. */
class RevertDeployCommitRecipeTest {
  private static final String AGGREGATOR = "src/main/java/com/acme/search/facets/FacetAggregator.java";
  private static final String GOOD = """
      package com.acme.search.facets;

      import java.util.LinkedHashMap;
      import java.util.List;
      import java.util.Map;

      public final class FacetAggregator {
          private FacetAggregator() {
          }

          public static Map<String, Long> merge(List<Map<String, Object>> shardFacets) {
              Map<String, Long> merged = new LinkedHashMap<>();
              for (Map<String, Object> shard : shardFacets) {
                  for (Map.Entry<String, Object> e : shard.entrySet()) {
                      merged.merge(e.getKey(), ((Number) e.getValue()).longValue(), Long::sum);
                  }
              }
              return merged;
          }
      }
      """;
  private static final String BAD = GOOD.replace(
      "                merged.merge(e.getKey(), ((Number) e.getValue()).longValue(), Long::sum);\n",
      "                Long count = (Long) e.getValue();\n                merged.merge(e.getKey(), count, Long::sum);\n");
  private static final String TEST = """
      package com.acme.search.facets;

      import static org.junit.jupiter.api.Assertions.assertEquals;

      import java.util.List;
      import java.util.Map;
      import org.junit.jupiter.api.Test;

      class FacetAggregatorTest {
          @Test
          void sumsCountsAcrossShards() {
              assertEquals(5L, FacetAggregator.merge(List.of(Map.of("a", 3L), Map.of("a", 2L))).get("a"));
          }
      }
      """;
  private static final String REGRESSION = "src/test/java/com/acme/search/facets/FacetAggregatorNumberCastRegressionTest.java";

  @TempDir Path repo;
  @TempDir Path scratch;

  private String deploy;

  private RecipeFixture history() throws Exception {
    RecipeFixture f = RecipeFixture.init(repo);
    f.commit("3.7.4", Map.of("pom.xml", RecipeFixture.POM, AGGREGATOR, GOOD, "src/test/java/com/acme/search/facets/FacetAggregatorTest.java", TEST));
    deploy = f.commit("3.8.0: parse shard facets into maps", Map.of(AGGREGATOR, BAD, "CHANGELOG.md", "3.8.0: facets as maps\n"));
    return f;
  }

  private Diagnosis diagnosis(String commit) {
    return RecipeFixture.diagnosis(new RootCause("search-api", "FacetAggregator.merge", "java.lang.ClassCastException",
        "com/acme/search/facets/FacetAggregator.java", 15,
        "search failed (ClassCastException: class java.lang.Integer cannot be cast to class java.lang.Long)"),
        "ClassCastException in search-api ...; began right after deploy 3.7.4 → 3.8.0 at 2024-10-02T15:30:22Z (commit "
            + commit.substring(0, 7) + ")", RevertDeployCommitRecipe.ID);
  }

  @Test
  void revertsTheDeployCommitNamedByTheDiagnosisAndItsTestGoesRedToGreen() throws Exception {
    RecipeFixture f = history();

    assertThat(new RevertDeployCommitRecipe().apply(repo, diagnosis(deploy)))
        .containsExactlyInAnyOrder(AGGREGATOR, "CHANGELOG.md", REGRESSION);

    assertThat(f.read(AGGREGATOR)).isEqualTo(GOOD);
    assertThat(repo.resolve("CHANGELOG.md")).doesNotExist();
    RecipeFixture.Run red = RecipeFixture.runTest(f.preFixTreeWith(scratch.resolve("red"), REGRESSION), REGRESSION);
    assertThat(red.failedInATest()).as(red.output()).isTrue();
    RecipeFixture.Run green = RecipeFixture.runAll(repo);
    assertThat(green.passed()).as(green.output()).isTrue();
  }

  @Test
  void refusesWhenALaterCommitChangedTheSameFiles() throws Exception {
    RecipeFixture f = history();
    f.commit("3.8.1: comment", Map.of(AGGREGATOR, BAD.replace("public final class", "/** Merges facets. */\npublic final class")));
    Map<String, String> before = f.snapshot();

    assertThatThrownBy(() -> new RevertDeployCommitRecipe().apply(repo, diagnosis(deploy)))
        .isInstanceOf(RecipeRefusedException.class)
        .hasMessageContaining(AGGREGATOR + " changed after " + deploy.substring(0, 7) + "; reverting the deploy would need a merge");
    assertThat(f.snapshot()).isEqualTo(before);
  }

  @Test
  void refusesACommitThatIsNotInTheRepository() throws Exception {
    history();

    assertThatThrownBy(() -> new RevertDeployCommitRecipe().apply(repo, diagnosis("0123456789abcdef")))
        .isInstanceOf(RecipeRefusedException.class)
        .hasMessage("commit 0123456 is not in this repository");
  }
}
