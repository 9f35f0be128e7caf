package dev.selfheal.activities.review;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A local HTTP server that answers like a code host's API: each route ({@code METHOD raw-path},
 * no query) answers from a script, the last reply repeating, or from a function of the call. Every
 * call is recorded with its headers and body, so tests assert what went over the wire.
 */
final class FakeCodeHostApi implements AutoCloseable {
  record Call(String method, String path, String query, Headers headers, String body) {
    String header(String name) {
      return headers.getFirst(name);
    }
  }

  record Reply(int status, Map<String, String> headers, String body) {
    static Reply json(int status, String body) {
      return new Reply(status, Map.of("Content-Type", "application/json; charset=utf-8"), body);
    }

    Reply with(String header, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(header, value);
      return new Reply(status, more, body);
    }
  }

  private final HttpServer server;
  private final List<Call> calls = new ArrayList<>();
  private final Map<String, Function<Call, Reply>> routes = new ConcurrentHashMap<>();

  FakeCodeHostApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The API root, like {@code https://api.github.com}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
  }

  /** Answers the replies in order; the last one repeats. */
  FakeCodeHostApi on(String method, String path, Reply... replies) {
    Deque<Reply> script = new ArrayDeque<>(List.of(replies));
    return on(method, path, call -> script.size() > 1 ? script.poll() : script.peek());
  }

  FakeCodeHostApi on(String method, String path, Function<Call, Reply> answer) {
    routes.put(method + " " + path, answer);
    return this;
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  List<Call> calls(String method, String path) {
    return calls().stream().filter(c -> c.method().equals(method) && c.path().equals(path)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      String rawPath = exchange.getRequestURI().getRawPath().substring("/api".length());
      Call call = new Call(exchange.getRequestMethod(), rawPath, exchange.getRequestURI().getRawQuery(),
          exchange.getRequestHeaders(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      synchronized (this) {
        calls.add(call);
      }
      Function<Call, Reply> route = routes.get(call.method() + " " + rawPath);
      Reply reply = route == null ? Reply.json(404, "{\"message\":\"Not Found\"}") : route.apply(call);
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  /** A JSON file from test resources, e.g. {@code github/pull.json}. */
  static String resource(String name) {
    try (InputStream in = FakeCodeHostApi.class.getResourceAsStream("/codehost/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource codehost/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
