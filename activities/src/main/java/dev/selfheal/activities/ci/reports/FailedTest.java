package dev.selfheal.activities.ci.reports;

/**
 * A test a report names as failed or in error.
 *
 * @param name {@code classname.name}, or the name alone when the class name adds nothing
 * @param message the first line of its failure message, bounded; empty when the report gives none
 */
public record FailedTest(String name, String message) {
  /** e.g. {@code app.ReportTest.countsRows: expected: <3> but was: <4>}. */
  public String describe() {
    return message.isEmpty() ? name : name + ": " + message;
  }
}
