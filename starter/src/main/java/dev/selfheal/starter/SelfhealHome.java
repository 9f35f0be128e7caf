package dev.selfheal.starter;

import java.nio.file.Files;
import java.nio.file.Path;

/** The selfheal checkout: scripts/, examples/ and the .selfheal/ state folder live there. */
public final class SelfhealHome {
  private SelfhealHome() {}

  /**
   * {@code selfheal.home} (tests), then {@code SELFHEAL_HOME} (the launcher sets it), then the
   * working directory.
   *
   * @throws IllegalStateException when that folder is not a checkout
   */
  public static Path path() {
    String home = System.getProperty("selfheal.home", System.getenv("SELFHEAL_HOME"));
    Path path = (home != null ? Path.of(home) : Path.of("")).toAbsolutePath().normalize();
    if (!Files.isDirectory(path.resolve("scripts"))) {
      throw new IllegalStateException("cannot find the selfheal checkout at " + path + "; run through ./selfheal or set SELFHEAL_HOME");
    }
    return path;
  }
}
