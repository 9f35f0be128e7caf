package dev.selfheal.workflows;

import dev.selfheal.workflows.messages.queries.TimelineEntry;
import dev.selfheal.workflows.messages.values.Stage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a person opening the incident in the Web UI reads first: kept in the workflow's memo
 * (listed with every execution) and rendered as its current details (markdown on its page).
 */
public record IncidentMemo(String service, String alert, String rootCause, String review, String diffSha256, String outcome) {
  /** Names the {@code Workflow.getVersion} change that introduced the memo. */
  public static final String CHANGE_ID = "incident-memo";

  private static final int RECENT_EVENTS = 6;

  /** Only the fields known so far; the memo grows as the incident moves. */
  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    put(map, "service", service);
    put(map, "alert", alert);
    put(map, "rootCause", rootCause);
    put(map, "review", review);
    put(map, "diffSha256", diffSha256);
    put(map, "outcome", outcome);
    return map;
  }

  /** Markdown for the Web UI: the memo plus the stage and the latest timeline events. */
  public static String details(IncidentMemo memo, Stage stage, List<TimelineEntry> timeline) {
    StringBuilder md = new StringBuilder();
    md.append("**selfheal incident** · service `").append(memo.service()).append("` · stage **").append(stage.label()).append("**\n\n");
    line(md, "Alert", memo.alert());
    line(md, "Root cause", memo.rootCause());
    line(md, "Pull request", memo.review());
    line(md, "Diff sha256", memo.diffSha256() == null ? null : "`" + memo.diffSha256() + "`");
    line(md, "Outcome", memo.outcome());
    md.append("\n");
    for (TimelineEntry entry : timeline.subList(Math.max(0, timeline.size() - RECENT_EVENTS), timeline.size())) {
      md.append("- ").append(entry.stage()).append(" · ").append(entry.event())
          .append(entry.detail() == null ? "" : ": " + entry.detail()).append('\n');
    }
    return md.toString();
  }

  private static void line(StringBuilder md, String label, String value) {
    if (value != null) {
      md.append("- **").append(label).append(":** ").append(value).append('\n');
    }
  }

  private static void put(Map<String, Object> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
