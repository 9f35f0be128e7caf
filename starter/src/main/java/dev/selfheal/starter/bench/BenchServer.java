package dev.selfheal.starter.bench;

import dev.selfheal.starter.connect.SearchAttributeSetup;
import dev.selfheal.starter.connect.TemporalConnection;
import dev.selfheal.starter.dev.DevServer;
import dev.selfheal.starter.dev.TemporalCli;
import dev.selfheal.starter.embedded.EmbeddedTemporal;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The server a benchmark runs on: the in-process test server, or the Temporal CLI dev server
 * with a fresh SQLite file (what users run locally: real persistence, real gRPC).
 */
final class BenchServer implements AutoCloseable {
  private final EmbeddedTemporal embedded;
  private final DevServer dev;
  private final TemporalConnection connection;
  private final Path dir;

  private BenchServer(EmbeddedTemporal embedded, DevServer dev, TemporalConnection connection, Path dir) {
    this.embedded = embedded;
    this.dev = dev;
    this.connection = connection;
    this.dir = dir;
  }

  static BenchServer embedded() {
    return new BenchServer(EmbeddedTemporal.start(), null, null, null);
  }

  static BenchServer dev() throws IOException, InterruptedException {
    Path home = selfhealHome();
    Path cli = TemporalCli.install(home);
    Path dir = Files.createTempDirectory("selfheal-bench-");
    DevServer server = DevServer.start(cli, dir.resolve("temporal.db"), dir.resolve("temporal-dev.log"), freePort(), freePort());
    TemporalConnection connection = TemporalConnection.connect(server.address(), "default", "selfheal-bench", Duration.ofSeconds(30));
    SearchAttributeSetup.ensure(connection.stubs(), "default");
    return new BenchServer(null, server, connection, dir);
  }

  static BenchServer of(String kind) throws IOException, InterruptedException {
    return switch (kind) {
      case "embedded" -> embedded();
      case "dev" -> dev();
      default -> throw new IllegalArgumentException("--server must be embedded or dev, not '" + kind + "'");
    };
  }

  WorkflowClient client() {
    return embedded != null ? embedded.client() : connection.client();
  }

  /** The dev server's frontend address (dev only). */
  String address() {
    if (dev == null) {
      throw new IllegalStateException("only the dev server has an address other processes can reach");
    }
    return dev.address();
  }

  /** A folder for the run's files (dev only). */
  Path dir() {
    return dir;
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
    if (dev != null) {
      connection.close();
      dev.stop();
    }
  }

  static Path selfhealHome() {
    String home = System.getProperty("selfheal.home", System.getenv("SELFHEAL_HOME"));
    return (home != null ? Path.of(home) : Path.of("")).toAbsolutePath();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
