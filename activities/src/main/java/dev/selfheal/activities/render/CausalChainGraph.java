package dev.selfheal.activities.render;

import java.util.ArrayList;
import java.util.List;

/**
 * A diagnosis's causal chain as a mermaid flowchart, cause first, for the pull request and the
 * post-mortem (GitHub and GitLab render it). A step with parallel symptoms ({@code A + B}) fans
 * out. Step text comes from logs: it is quoted and stripped of what could break out of a label.
 */
public final class CausalChainGraph {
  private static final int LABEL_CHARS = 120;

  private CausalChainGraph() {}

  /** A fenced {@code mermaid} block, or the empty string for an empty chain. */
  public static String mermaid(List<String> chain) {
    if (chain == null || chain.isEmpty()) {
      return "";
    }
    StringBuilder md = new StringBuilder("```mermaid\nflowchart TD\n");
    List<String> previous = List.of();
    int node = 0;
    for (int step = 0; step < chain.size(); step++) {
      String[] parallel = chain.get(step).split(" \\+ ");
      List<String> current = new ArrayList<>();
      for (String part : parallel) {
        String id = "s" + node++;
        current.add(id);
        md.append("  ").append(id).append("[\"").append(label(part)).append("\"]\n");
        for (String from : previous) {
          md.append("  ").append(from).append(" --> ").append(id).append('\n');
        }
      }
      if (step == 0) {
        md.append("  style ").append(current.get(0)).append(" stroke-width:3px\n");
      }
      previous = current;
    }
    return md.append("```\n").toString();
  }

  private static String label(String text) {
    String clean = text.replaceAll("[\\r\\n\"`<>{}\\[\\]|]", " ").replaceAll("\\s+", " ").trim();
    return clean.length() <= LABEL_CHARS ? clean : clean.substring(0, LABEL_CHARS - 1) + "…";
  }
}
