package dev.selfheal.example.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Hands a finished report over by copying it into {@code RUN_DIR/outbox/}. */
public class ReportDelivery {

  private final Path outbox;

  public ReportDelivery(Path runDir) {
    this.outbox = runDir.resolve("outbox");
  }

  /**
   * Delivers the report of job {@code jobNumber}. {@code report} is null when the job produced
   * none; {@code upstreamFailure} is then the reason why.
   */
  public Path deliver(long jobNumber, Path report, int attempt, int maxAttempts,
      Throwable upstreamFailure) throws ReportDeliveryException {
    if (report == null || !Files.isRegularFile(report)) {
      throw new ReportDeliveryException("no report to deliver for job " + jobNumber
          + " (attempt " + attempt + "/" + maxAttempts + ")", upstreamFailure);
    }
    try {
      Files.createDirectories(outbox);
      return Files.copy(report, outbox.resolve(report.getFileName()),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new ReportDeliveryException("could not deliver report for job " + jobNumber
          + " (attempt " + attempt + "/" + maxAttempts + ")", e);
    }
  }
}
