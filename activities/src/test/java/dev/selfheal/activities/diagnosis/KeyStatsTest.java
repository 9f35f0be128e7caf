package dev.selfheal.activities.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyStatsTest {
  @Test
  void aKeyBecomesASymptomOnlyWhereBlameCannotGoRoundInACircle() {
    KeyStats node = new KeyStats("node|", "node", null, 1);
    KeyStats writer = new KeyStats("writer|OSError", "writer", "OSError", 2);
    KeyStats caller = new KeyStats("caller|Timeout", "caller", "Timeout", 3);
    writer.directWeight = 4;
    writer.rooted = 2;

    assertThat(writer.becomeSymptomOf(node)).isTrue();
    assertThat(caller.becomeSymptomOf(writer)).isTrue();

    assertThat(node.becomeSymptomOf(caller)).as("caller is already node's symptom, through writer").isFalse();
    assertThat(node.becomeSymptomOf(node)).isFalse();
    assertThat(node.symptomOf).isNull();
    assertThat(caller.isSymptomOf(node)).isTrue();
    assertThat(node.inferredWeight).isEqualTo(4);
    assertThat(node.inferredGroups).isEqualTo(2);
  }
}
