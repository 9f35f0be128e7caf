package dev.selfheal.starter.realserver;

import dev.selfheal.starter.dev.ScratchDevServer;
import dev.selfheal.activities.Workspace;
import dev.selfheal.activities.config.ServiceCatalog;
import dev.selfheal.worker.Capability;
import dev.selfheal.worker.SelfhealWorker;
import java.time.Duration;
import java.util.EnumSet;

/** A worker in the test's JVM, for tests that exercise the server's tools rather than crashes. */
public final class InProcessWorker {
  private InProcessWorker() {}

  public static SelfhealWorker start(ScratchDevServer server, ExampleIncident example, String hostId) {
    return SelfhealWorker.create(
            server.connection().client(),
            ServiceCatalog.load(example.catalog()),
            new Workspace(example.workspace()),
            hostId,
            EnumSet.allOf(Capability.class))
        .start();
  }

  public static void stop(SelfhealWorker worker) {
    worker.close(Duration.ofSeconds(5));
  }
}
