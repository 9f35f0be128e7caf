package dev.selfheal.activities.supervise;

import dev.selfheal.activities.Workspace;
import dev.selfheal.workflows.IncidentIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code <workspace>/supervise/<service>}: where a supervisor's commands write their output. */
final class SupervisedServiceDir {
  private SupervisedServiceDir() {}

  static Path of(Workspace workspace, String service) throws IOException {
    IncidentIds.requireService(service);
    return Files.createDirectories(workspace.root().resolve("supervise").resolve(service));
  }
}
