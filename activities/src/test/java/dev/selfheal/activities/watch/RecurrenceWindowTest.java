package dev.selfheal.activities.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecurrenceWindowTest {
  private static final Instant T0 = Instant.parse("2024-06-01T10:00:00Z");
  private static final ErrorSignature BOOM = new ErrorSignature("BoomError", "-", "boom");
  private static final ErrorSignature OTHER = new ErrorSignature("OtherError", "-", "other");

  private final RecurrenceWindow window = new RecurrenceWindow(5, Duration.ofMinutes(10), List.of());

  private Recurrence at(ErrorSignature signature, long seconds) {
    return window.record(signature, T0.plusSeconds(seconds));
  }

  @Test
  void firesAtTheNthOccurrenceWithinTheWindow() {
    for (int i = 0; i < 4; i++) {
      assertThat(at(BOOM, i * 60L)).as("occurrence %d", i + 1).isNull();
    }
    Recurrence fired = at(BOOM, 240);
    assertThat(fired).isNotNull();
    assertThat(fired.count()).isEqualTo(5);
    assertThat(fired.firstSeen()).isEqualTo(T0);
    assertThat(fired.lastSeen()).isEqualTo(T0.plusSeconds(240));
    assertThat(fired.fingerprint()).isEqualTo(BOOM.fingerprint());
  }

  @Test
  void occurrencesSpreadWiderThanTheWindowDoNotFire() {
    for (int i = 0; i < 10; i++) {
      assertThat(at(BOOM, i * 200L)).isNull(); // 5 in a row span 800 s > 600 s
    }
  }

  @Test
  void firesOncePerWindowThenAgainAfterIt() {
    for (int i = 0; i < 5; i++) {
      at(BOOM, i);
    }
    for (int i = 5; i < 30; i++) {
      assertThat(at(BOOM, i * 10L)).as("within the quiet window, occurrence %d", i + 1).isNull();
    }
    Recurrence again = null;
    for (int i = 0; i < 5 && again == null; i++) {
      again = at(BOOM, 604 + i);
    }
    assertThat(again).as("a fresh recurrence after the window").isNotNull();
    assertThat(again.alertId()).isNotEqualTo(BOOM.fingerprint() + "-5");
  }

  @Test
  void groupsCountSeparately() {
    for (int i = 0; i < 4; i++) {
      at(BOOM, i);
      at(OTHER, i);
    }
    assertThat(at(OTHER, 5)).isNotNull();
    assertThat(at(BOOM, 5)).isNotNull();
  }

  @Test
  void stateRestoredFromItsSnapshotDecidesTheSame() {
    for (int i = 0; i < 5; i++) {
      at(BOOM, i);
    }
    at(BOOM, 10);
    at(BOOM, 11);
    RecurrenceWindow restored = new RecurrenceWindow(5, Duration.ofMinutes(10), window.snapshot());

    assertThat(restored.record(BOOM, T0.plusSeconds(20))).as("still quiet").isNull();
    assertThat(restored.snapshot()).singleElement().satisfies(g -> {
      assertThat(g.occurrences()).isEqualTo(8);
      assertThat(g.recentMillis()).hasSize(3);
    });
  }

  @Test
  void theNumberOfGroupsIsBounded() {
    for (int i = 0; i < RecurrenceWindow.MAX_GROUPS + 50; i++) {
      window.record(new ErrorSignature("E" + i, "-", "m"), T0.plusSeconds(i));
    }
    assertThat(window.snapshot()).hasSize(RecurrenceWindow.MAX_GROUPS);
    assertThat(window.snapshot().get(0).signature()).startsWith("E50 ");
  }
}
