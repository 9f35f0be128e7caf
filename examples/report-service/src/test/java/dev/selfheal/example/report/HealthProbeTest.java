package dev.selfheal.example.report;

import static dev.selfheal.example.report.testkit.Assert.assertEquals;
import static dev.selfheal.example.report.testkit.Assert.assertFalse;
import static dev.selfheal.example.report.testkit.Assert.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

public class HealthProbeTest {

  public void testWaitsForHttp200OrAnyAnswerWithTheFlag() throws Exception {
    AtomicInteger status = new AtomicInteger(503);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    server.createContext("/health", ex -> {
      ex.sendResponseHeaders(status.get(), -1);
      ex.close();
    });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
    try {
      HealthProbe.Outcome o = HealthProbe.probe(url, Duration.ofMillis(500), false);
      assertFalse(o.ok(), "503 is not healthy");
      assertEquals(503, o.status(), "status seen");
      assertTrue(HealthProbe.probe(url, Duration.ofMillis(500), true).ok(),
          "503 is an answer with --any-status");
      status.set(200);
      assertTrue(HealthProbe.probe(url, Duration.ofSeconds(5), false).ok(), "200 is healthy");
    } finally {
      server.stop(0);
    }
  }

  public void testGivesUpOnAClosedPort() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    HealthProbe.Outcome o =
        HealthProbe.probe("http://127.0.0.1:" + port + "/health", Duration.ofMillis(300), true);
    assertFalse(o.ok(), "nobody answers");
    assertEquals(-1, o.status(), "no status");
  }
}
