package dev.selfheal.starter.bench;

import dev.selfheal.starter.dev.ScratchDevServer;
import dev.selfheal.starter.embedded.EmbeddedTemporal;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.nio.file.Files;

/**
 * The server a benchmark runs on: the in-process test server, or the Temporal CLI dev server
 * with a fresh SQLite file (what users run locally: real persistence, real gRPC).
 */
final class BenchServer implements AutoCloseable {
  private final EmbeddedTemporal embedded;
  private final ScratchDevServer dev;

  private BenchServer(EmbeddedTemporal embedded, ScratchDevServer dev) {
    this.embedded = embedded;
    this.dev = dev;
  }

  static BenchServer of(String kind) throws IOException, InterruptedException {
    return switch (kind) {
      case "embedded" -> new BenchServer(EmbeddedTemporal.start(), null);
      case "dev" -> devServer();
      default -> throw new IllegalArgumentException("--server must be embedded or dev, not '" + kind + "'");
    };
  }

  static BenchServer devServer() throws IOException, InterruptedException {
    return new BenchServer(null, ScratchDevServer.start(Files.createTempDirectory("selfheal-bench-")));
  }

  WorkflowClient client() {
    return embedded != null ? embedded.client() : dev.connection().client();
  }

  /** The dev server itself (dev only): its address for worker processes, its folder for files. */
  ScratchDevServer scratch() {
    if (dev == null) {
      throw new IllegalStateException("only the dev server can be reached by other processes");
    }
    return dev;
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
    if (dev != null) {
      dev.close();
    }
  }
}
