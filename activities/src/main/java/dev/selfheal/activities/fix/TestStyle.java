package dev.selfheal.activities.fix;

/**
 * How a repository writes its tests, so a generated regression test looks like its neighbours
 * and is picked up by the repository's own runner.
 *
 * @param kind which framework
 * @param assertClass for {@link Kind#RUNNER}: the repository's own assertion helper, whose
 *     {@code assertTrue(boolean, String)} the test imports statically; null otherwise
 */
public record TestStyle(Kind kind, String assertClass) {

  /** The frameworks a generated test can be written for. */
  public enum Kind {
    /** {@code @Test} methods, {@code org.junit.jupiter.api.Assertions}. */
    JUNIT5,
    /** {@code @Test} methods, {@code org.junit.Assert} (message first). */
    JUNIT4,
    /** A home-made runner: public {@code void test*()} methods in classes named {@code *Test}. */
    RUNNER,
    /** Nothing recognisable: the same shape as RUNNER, with its own tiny assertion. */
    PLAIN
  }
}
