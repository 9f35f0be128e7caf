package dev.selfheal.starter.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the example services shipped in the selfheal checkout. */
public final class ExampleLocator {
  private ExampleLocator() {}

  /** {@code $SELFHEAL_HOME/examples/<name>} (or the system property {@code selfheal.home}), else upward from the cwd. */
  public static Path example(String name) {
    String home = System.getProperty("selfheal.home", System.getenv("SELFHEAL_HOME"));
    if (home != null) {
      return Path.of(home, "examples", name).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("examples").resolve(name);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return Path.of("examples", name).toAbsolutePath();
  }
}
