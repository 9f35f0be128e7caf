package dev.selfheal.starter.webui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Debian's Chromium and ChromeDriver, installed by {@code scripts/install-chromium.sh} at most once per JVM. */
public final class BrowserTools {
  private static final Logger log = LoggerFactory.getLogger(BrowserTools.class);
  private static final String INSTALL_SCRIPT = "scripts/install-chromium.sh";
  /** apt may have to download ~100 MB and wait for another caller's install. */
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(25);

  /** Where the install script puts the binaries, and the line it printed about their versions. */
  public record Binaries(Path chromium, Path chromedriver, String versions) {}

  private static Binaries installed;
  private static BrowserInstallException failure;

  private BrowserTools() {}

  /** Runs the install script on the first call; later calls return its result, or rethrow its failure. */
  public static synchronized Binaries install() {
    if (installed == null && failure == null) {
      try {
        installed = runInstallScript();
      } catch (BrowserInstallException e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw failure;
    }
    return installed;
  }

  private static Binaries runInstallScript() {
    Path script = repoRoot().resolve(INSTALL_SCRIPT);
    Path output = null;
    try {
      output = Files.createTempFile("selfheal-install-chromium-", ".log");
      // output goes to a file, not a pipe, so a chatty apt can neither block the script nor the timeout
      Process process = new ProcessBuilder("bash", script.toString())
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .start();
      boolean finished = process.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        process.destroyForcibly();
      }
      String printed = Files.readString(output, StandardCharsets.UTF_8);
      if (!finished) {
        throw new BrowserInstallException(script + " did not finish within " + INSTALL_TIMEOUT, -1, printed);
      }
      if (process.exitValue() != 0) {
        throw new BrowserInstallException(script + " exited " + process.exitValue(), process.exitValue(), printed);
      }
      String versions = printed.strip().lines().reduce((first, second) -> second).orElse("");
      log.info("browser tools: {}", versions);
      return new Binaries(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromedriver"), versions);
    } catch (IOException e) {
      throw new BrowserInstallException("could not run " + script + ": " + e, -1, "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrowserInstallException("interrupted while running " + script, -1, "");
    } finally {
      deleteQuietly(output);
    }
  }

  /** The checkout holding the script: upward from {@code selfheal.home} (surefire sets it), else from the cwd. */
  static Path repoRoot() {
    Path start = Path.of(System.getProperty("selfheal.home", "")).toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(INSTALL_SCRIPT))) {
        return dir;
      }
    }
    throw new BrowserInstallException("no " + INSTALL_SCRIPT + " in " + start + " or above", -1, "");
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.debug("could not delete {}", file, e);
    }
  }
}
