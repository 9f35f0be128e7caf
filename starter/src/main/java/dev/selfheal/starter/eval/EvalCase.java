package dev.selfheal.starter.eval;

import dev.selfheal.starter.alerts.AlertParsers;
import dev.selfheal.starter.alerts.InvalidAlertException;
import dev.selfheal.workflows.messages.values.Alert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One incident case folder (see {@code shared/eval/FORMAT.md}), loaded.
 *
 * @param id the folder's name
 * @param alert the alert that opened the incident; of an Alertmanager notification, its first alert
 * @param logFiles every file in {@code logs/}, in name order (the order the baseline's ties use)
 */
record EvalCase(String id, Alert alert, CaseTruth truth, List<Path> logFiles) {

  static EvalCase load(Path dir) throws InvalidCaseException {
    return new EvalCase(
        dir.getFileName().toString(),
        alert(dir.resolve("alert.json")),
        CaseTruth.read(dir.resolve(CaseTruth.FILE)),
        logFiles(dir.resolve("logs")));
  }

  private static Alert alert(Path file) throws InvalidCaseException {
    try {
      if (!Files.isRegularFile(file)) {
        throw new InvalidCaseException("alert.json is missing");
      }
      if (Files.size(file) > AlertParsers.MAX_BYTES) {
        throw new InvalidCaseException("alert.json is larger than " + AlertParsers.MAX_BYTES + " bytes");
      }
      return AlertParsers.parseAny(Files.readString(file)).get(0);
    } catch (InvalidAlertException e) {
      throw new InvalidCaseException("alert.json: " + e.getMessage());
    } catch (IOException e) {
      throw new InvalidCaseException("alert.json cannot be read: " + e.getMessage());
    }
  }

  /** Regular, non-hidden files; at least one, since a case without logs has nothing to diagnose. */
  private static List<Path> logFiles(Path dir) throws InvalidCaseException {
    if (!Files.isDirectory(dir)) {
      throw new InvalidCaseException("logs/ is missing");
    }
    List<Path> files;
    try (Stream<Path> listed = Files.list(dir)) {
      files = listed
          .filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new InvalidCaseException("logs/ cannot be listed: " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw new InvalidCaseException("logs/ has no files");
    }
    return files;
  }
}
