package dev.selfheal.activities.diagnosis.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local model server that plays back scripted replies in order and records what it was sent;
 * the helpers below shape replies like the OpenAI and Anthropic APIs do. Public for the tests of
 * other LLM users (the fix stage's LLM edits).
 */
public final class FakeLlmServer implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();

  public record Reply(int status, Map<String, String> headers, String body, Duration delay) {
    Reply withHeader(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Reply(status, Map.copyOf(more), body, delay);
    }

    Reply after(Duration wait) {
      return new Reply(status, headers, body, wait);
    }
  }

  public record Received(String method, String path, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private boolean closed;

  public FakeLlmServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public FakeLlmServer reply(Reply... next) {
    replies.addAll(List.of(next));
    return this;
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public static Reply status(int status, String contentType, String body) {
    return new Reply(status, Map.of("Content-Type", contentType), body, Duration.ZERO);
  }

  public static Reply json(int status, String body) {
    return status(status, "application/json", body);
  }

  /** A chat completion whose message content is {@code content}. */
  public static Reply chatCompletion(String content) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "chatcmpl-1").put("object", "chat.completion").put("model", "fake-gpt");
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0).put("finish_reason", "stop");
    choice.putObject("message").put("role", "assistant").put("content", content);
    body.putObject("usage").put("prompt_tokens", 120).put("completion_tokens", 30).put("total_tokens", 150);
    return json(200, body.toString());
  }

  /** A Messages API reply with one text block holding {@code text}. */
  public static Reply anthropicMessage(String text) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "msg_1").put("type", "message").put("role", "assistant").put("model", "fake-claude");
    body.putArray("content").addObject().put("type", "text").put("text", text);
    body.put("stop_reason", "end_turn").putNull("stop_sequence");
    body.putObject("usage").put("input_tokens", 200).put("output_tokens", 40);
    return json(200, body.toString());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          Map.copyOf(exchange.getRequestHeaders()), body));
      Reply reply = replies.poll();
      if (reply == null) {
        reply = json(418, "{\"error\":\"no scripted reply left\"}"); // a 4xx: clients do not retry it
      }
      if (!reply.delay().isZero()) {
        try {
          Thread.sleep(reply.delay().toMillis());
        } catch (InterruptedException e) {
          return; // the test is over
        }
      }
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(0);
    executor.shutdownNow();
  }
}
