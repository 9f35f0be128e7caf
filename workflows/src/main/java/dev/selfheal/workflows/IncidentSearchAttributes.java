package dev.selfheal.workflows;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/** Custom search attributes, so the Web UI and {@code selfheal list} can filter incidents. */
public final class IncidentSearchAttributes {
  public static final SearchAttributeKey<String> SERVICE =
      SearchAttributeKey.forKeyword("SelfhealService");
  public static final SearchAttributeKey<String> STAGE =
      SearchAttributeKey.forKeyword("SelfhealStage");
  public static final SearchAttributeKey<String> SEVERITY =
      SearchAttributeKey.forKeyword("SelfhealSeverity");
  public static final SearchAttributeKey<String> OUTCOME =
      SearchAttributeKey.forKeyword("SelfhealOutcome");

  /** Every key; all are keywords, which is what a server must register before use. */
  public static final List<SearchAttributeKey<String>> ALL =
      List.of(SERVICE, STAGE, SEVERITY, OUTCOME);

  private IncidentSearchAttributes() {}
}
