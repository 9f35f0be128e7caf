package dev.selfheal.starter.dev;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The pinned Temporal CLI binary, installed by the project's own script on first use. */
public final class TemporalCli {
  private TemporalCli() {}

  /**
   * Runs {@code scripts/install-temporal-cli.sh} (a no-op when installed) and returns the binary.
   *
   * @param selfhealHome the selfheal checkout (holds scripts/ and .selfheal/)
   */
  public static Path install(Path selfhealHome) throws IOException, InterruptedException {
    Path script = selfhealHome.resolve("scripts/install-temporal-cli.sh");
    if (!Files.isRegularFile(script)) {
      throw new IOException("installer not found at " + script + " (set SELFHEAL_HOME to the selfheal checkout)");
    }
    ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(false);
    builder.environment().put("SELFHEAL_HOME", selfhealHome.toString());
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IOException("installing the Temporal CLI failed (" + script + "); see the messages above");
    }
    Path binary = Path.of(out.lines().reduce((a, b) -> b).orElse(""));
    if (!Files.isExecutable(binary)) {
      throw new IOException("the installer did not produce an executable Temporal CLI: '" + out + "'");
    }
    return binary;
  }

  /** Where the CLI of this checkout lives once installed. */
  public static Path home(Path selfhealHome) {
    return selfhealHome.resolve(".selfheal");
  }
}
