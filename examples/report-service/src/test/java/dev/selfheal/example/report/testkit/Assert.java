package dev.selfheal.example.report.testkit;

import java.util.Objects;

/** The few assertions the tests need. Failures throw {@link AssertionError}. */
public final class Assert {

  private Assert() {}

  public static void fail(String message) {
    throw new AssertionError(message);
  }

  public static void assertTrue(boolean condition, String message) {
    if (!condition) {
      fail(message);
    }
  }

  public static void assertFalse(boolean condition, String message) {
    assertTrue(!condition, message);
  }

  public static void assertEquals(Object expected, Object actual, String what) {
    if (!Objects.equals(expected, actual)) {
      fail(what + ": expected <" + expected + "> but was <" + actual + ">");
    }
  }

  public static void assertNotNull(Object value, String what) {
    if (value == null) {
      fail(what + ": expected a value but was null");
    }
  }

  public static void assertContains(String haystack, String needle, String what) {
    if (haystack == null || !haystack.contains(needle)) {
      fail(what + ": expected to contain <" + needle + "> but was <" + haystack + ">");
    }
  }

  public static void assertNotContains(String haystack, String needle, String what) {
    if (haystack != null && haystack.contains(needle)) {
      fail(what + ": expected not to contain <" + needle + "> but was <" + haystack + ">");
    }
  }

  public static void assertMatches(String regex, String actual, String what) {
    if (actual == null || !actual.matches(regex)) {
      fail(what + ": expected to match /" + regex + "/ but was <" + actual + ">");
    }
  }

  /** Runs {@code body} and returns what it threw; fails if it threw nothing or another type. */
  public static <T extends Throwable> T assertThrows(Class<T> type, ThrowingRunnable body) {
    try {
      body.run();
    } catch (Throwable t) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      throw new AssertionError("expected " + type.getName() + " but got " + t, t);
    }
    throw new AssertionError("expected " + type.getName() + " but nothing was thrown");
  }

  /** A block of test code that may throw anything. */
  @FunctionalInterface
  public interface ThrowingRunnable {
    void run() throws Throwable;
  }
}
