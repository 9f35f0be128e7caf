package dev.selfheal.workflows.messages.values;

/**
 * What the test reports (JUnit XML) of one run said, summed over its report files.
 *
 * @param reportFiles report files read, broken ones included
 * @param brokenReports report files that could not be parsed; counted, never fatal
 */
public record TestCounts(int tests, int failures, int errors, int skipped, int reportFiles, int brokenReports) {}
