package dev.selfheal.starter.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Posts to a receiver on localhost as a vendor would, and reads its JSON answer. */
final class ReceiverClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;

  /** The status and the JSON body of one answer. */
  record Answer(int status, JsonNode body) {
    String error() {
      return body.path("error").asText(null);
    }
  }

  ReceiverClient(int port) {
    this.port = port;
  }

  /** @param headers name, value, name, value, ... */
  Answer post(String path, String body, String... headers) throws IOException, InterruptedException {
    return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** A body of unknown length (chunked, no Content-Length), so the receiver must bound its reading. */
  Answer postStreamed(String path, byte[] body, String... headers) throws IOException, InterruptedException {
    return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
  }

  Answer send(String method, String path) throws IOException, InterruptedException {
    return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build());
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return request;
  }

  private Answer send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Answer(response.statusCode(), JSON.readTree(response.body()));
  }
}
