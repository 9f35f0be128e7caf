package dev.selfheal.starter.eval;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared incident cases ({@code shared/eval/cases}) for tests; a test skips when they are absent. */
public final class SharedEvalCases {
  private SharedEvalCases() {}

  /** Surefire sets {@code selfheal.eval.dir}; an IDE run falls back to the usual place. */
  public static Path dir() {
    String configured = System.getProperty("selfheal.eval.dir");
    Path eval = configured != null && Files.isDirectory(Path.of(configured))
        ? Path.of(configured) : Path.of("/work/shared/eval");
    Path cases = eval.resolve("cases");
    assumeTrue(Files.isDirectory(cases), "shared eval cases not present: " + cases);
    return cases;
  }
}
