package dev.selfheal.starter.realserver;

import dev.selfheal.starter.connect.SearchAttributeSetup;
import dev.selfheal.starter.connect.TemporalConnection;
import dev.selfheal.starter.dev.DevServer;
import dev.selfheal.starter.dev.TemporalCli;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Temporal CLI dev server for one test class: installed by the project's script, state in
 * a SQLite file under {@code target/}, free ports, search attributes registered.
 */
public final class RealServer implements AutoCloseable {
  private final DevServer server;
  private final TemporalConnection connection;
  private final Path dir;

  private RealServer(DevServer server, TemporalConnection connection, Path dir) {
    this.server = server;
    this.connection = connection;
    this.dir = dir;
  }

  public static RealServer start(String name) throws IOException, InterruptedException {
    Path home = home();
    Path cli = TemporalCli.install(home);
    Path dir = home.resolve("starter/target/realserver").resolve(name + "-" + System.currentTimeMillis());
    Files.createDirectories(dir);
    DevServer server = DevServer.start(cli, dir.resolve("temporal.db"), dir.resolve("temporal-dev.log"), freePort(), freePort());
    TemporalConnection connection = TemporalConnection.connect(server.address(), "default", "selfheal-test", Duration.ofSeconds(30));
    SearchAttributeSetup.ensure(connection.stubs(), "default");
    return new RealServer(server, connection, dir);
  }

  public static Path home() {
    return Path.of(System.getProperty("selfheal.home", "..")).toAbsolutePath().normalize();
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

  /** A folder for this class's files (sandboxes, worker logs). */
  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    connection.close();
    server.stop();
  }
}
