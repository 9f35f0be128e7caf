package dev.selfheal.activities.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CausalChainGraphTest {
  @Test
  void aChainIsAFlowchartFromCauseToSymptomsWithParallelStepsFanningOut() {
    String graph = CausalChainGraph.mermaid(List.of(
        "FileNotFoundException in report-service",
        "ReportGenerationException in report-service + ReportDeliveryException in report-service ×3",
        "503 on /health"));

    assertThat(graph).startsWith("```mermaid\nflowchart TD\n").endsWith("```\n");
    assertThat(graph).contains("s0[\"FileNotFoundException in report-service\"]", "style s0 stroke-width:3px",
        "s0 --> s1", "s0 --> s2", "s1 --> s3", "s2 --> s3");
  }

  @Test
  void logTextCannotBreakOutOfItsLabel() {
    String graph = CausalChainGraph.mermaid(List.of("evil\"] --> x[\"pwned\n```\nclick s0 \"http://x\""));
    assertThat(graph.lines().filter(l -> l.startsWith("```"))).hasSize(2);
    assertThat(graph).doesNotContain("\"pwned").doesNotContain("\"]  -->");
    assertThat(CausalChainGraph.mermaid(List.of())).isEmpty();
  }
}
