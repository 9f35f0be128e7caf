package dev.selfheal.activities.fix.guard;

/** The rules of the patch guard; a refusal names the one that refused and the file it refused. */
public enum GuardRule {
  ALLOWED_PATHS("is outside the paths this service allows patching"),
  TESTS_WEAKENED("would delete or weaken tests"),
  TEST_CODE_CHANGED("changes existing test code; a fix adds tests, a human changes them"),
  MIGRATION_CHANGED("edits an existing migration; applied migrations are history, a fix adds a new one"),
  CI_CONFIG("is CI configuration, which a fix never changes"),
  BUILD_TEST_SETTINGS("would change how the build runs tests"),
  SELFHEAL_CONFIG("is selfheal's own configuration"),
  SECRETS("touches secrets"),
  GIT_INTERNALS("touches git internals"),
  TOO_LARGE("is larger than the guard allows"),
  BINARY("is a binary file");

  private final String headline;

  GuardRule(String headline) {
    this.headline = headline;
  }

  /** e.g. {@code TESTS_WEAKENED: src/test/FooTest.java would delete or weaken tests (removes ...)}. */
  public String describe(String file, String detail) {
    return name() + ": " + file + " " + headline + (detail == null || detail.isBlank() ? "" : " (" + detail + ")");
  }
}
