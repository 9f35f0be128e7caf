package dev.selfheal.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health}: 200 while the worker polls, 503 once it stops. For container health
 * checks and load balancers; it reports, it does not decide anything.
 */
public final class WorkerHealthServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;

  private WorkerHealthServer(HttpServer server) {
    this.server = server;
  }

  public static WorkerHealthServer start(int port, SelfhealWorker worker, String hostId) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
    server.createContext("/health", exchange -> respond(exchange, worker, hostId));
    server.start();
    return new WorkerHealthServer(server);
  }

  private static void respond(HttpExchange exchange, SelfhealWorker worker, String hostId) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      boolean up = worker.isRunning();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", up ? "ok" : "stopped");
      body.put("hostId", hostId);
      body.put("capabilities", worker.capabilities());
      body.put("taskQueues", worker.taskQueues());
      byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(up ? 200 : 503, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
