package dev.selfheal.starter.dev;

import dev.selfheal.starter.SelfhealHome;
import dev.selfheal.starter.connect.SearchAttributeSetup;
import dev.selfheal.starter.connect.TemporalConnection;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A dev server of its own for a benchmark or a test class: fresh SQLite file in {@code dir},
 * free ports, connected, search attributes registered.
 */
public final class ScratchDevServer implements AutoCloseable {
  private final DevServer server;
  private final TemporalConnection connection;
  private final Path dir;

  private ScratchDevServer(DevServer server, TemporalConnection connection, Path dir) {
    this.server = server;
    this.connection = connection;
    this.dir = dir;
  }

  public static ScratchDevServer start(Path dir) throws IOException, InterruptedException {
    Path cli = TemporalCli.install(SelfhealHome.path());
    Files.createDirectories(dir);
    DevServer server = DevServer.start(cli, dir.resolve("temporal.db"), dir.resolve("temporal-dev.log"), freePort(), freePort());
    TemporalConnection connection = TemporalConnection.connect(server.address(), "default", "selfheal-scratch", Duration.ofSeconds(30));
    SearchAttributeSetup.ensure(connection.stubs(), "default");
    return new ScratchDevServer(server, connection, dir);
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public DevServer server() {
    return server;
  }

  public TemporalConnection connection() {
    return connection;
  }

  /** The folder it keeps its files in, for the caller's too. */
  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    connection.close();
    server.stop();
  }
}
