package dev.selfheal.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
  @Test
  void parsesHaltAndFailEntries() {
    FaultPlan plan = FaultPlan.parse("fail-after:OpenReview, halt-after:Merge", ActivityTypes.known());

    assertThat(plan.byActivityType()).isEqualTo(Map.of("OpenReview", Fault.FAIL_AFTER, "Merge", Fault.HALT_AFTER));
    assertThat(plan).hasToString("halt-after:Merge,fail-after:OpenReview");
  }

  @Test
  void blankSpecMeansNoFaults() {
    assertThat(FaultPlan.parse(null, ActivityTypes.known()).isEmpty()).isTrue();
    assertThat(FaultPlan.parse(" ", ActivityTypes.known()).isEmpty()).isTrue();
  }

  @Test
  void unknownActivityTypeIsRefusedWithTheKnownTypes() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultPlan.parse("halt-after:applyFix", ActivityTypes.known()))
        .withMessageContaining("unknown activity type 'applyFix'")
        .withMessageContaining("ApplyFix, CloseWithPostmortem, CollectWindow");
  }

  @Test
  void unknownFaultIsRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultPlan.parse("crash-before:Merge", ActivityTypes.known()))
        .withMessageContaining("unknown fault 'crash-before'")
        .withMessageContaining("halt-after, fail-after");
  }

  @Test
  void entryWithoutColonOrEmptyEntryIsRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> FaultPlan.parse("Merge", ActivityTypes.known()))
        .withMessageContaining("'Merge' is not <fault>:<ActivityType>");
    assertThatIllegalArgumentException().isThrownBy(() -> FaultPlan.parse("halt-after:Merge,", ActivityTypes.known()))
        .withMessageContaining("'' is not <fault>:<ActivityType>");
  }

  @Test
  void sameActivityTypeTwiceIsRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultPlan.parse("halt-after:Merge,fail-after:Merge", ActivityTypes.known()))
        .withMessageContaining("'Merge' named twice");
  }
}
