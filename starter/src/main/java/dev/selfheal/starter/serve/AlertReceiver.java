package dev.selfheal.starter.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.selfheal.starter.alerts.InvalidAlertException;
import dev.selfheal.workflows.IncidentClient;
import dev.selfheal.workflows.IncidentIds;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.IncidentSettings;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP alert receiver: {@code POST /alerts/<format>} turns a vendor's webhook into normalized
 * alerts and raises each into its incident (SignalWithStart, so repeats join the running
 * incident); {@code GET /health} says whether Temporal answers.
 *
 * <p>Every request is untrusted: the token or signature is checked, at most the limit plus one
 * byte is read, and the whole body is parsed and every incident id derived before anything is
 * raised, so a bad request starts nothing. Answers are JSON: 202 {@code {"accepted","incidents"}},
 * or {@code {"error"}} with 400 (bad body, naming the field), 401, 404, 405, 413, 503 when
 * Temporal does not answer in time and 500 when it refuses (senders retry 5xx). A 503 for a group can come after some of
 * its alerts were raised; the retry signals those again, which only adds them to their incident.
 */
public final class AlertReceiver implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertReceiver.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HEALTH = "/health";
  private static final int START_RACE_ATTEMPTS = 3;
  /** Codes that mean the frontend is away or overloaded, not that it refused the request. */
  private static final Set<Status.Code> UNAVAILABLE =
      Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED, Status.Code.CANCELLED, Status.Code.RESOURCE_EXHAUSTED);

  private final HttpServer server;
  private final ExecutorService handlers;
  private final ScheduledExecutorService deadlines;
  private final ReceiverSettings settings;
  private final WorkflowClient client;
  private final IncidentClient incidents;

  private AlertReceiver(HttpServer server, ExecutorService handlers, ScheduledExecutorService deadlines,
      ReceiverSettings settings, WorkflowClient client) {
    this.server = server;
    this.handlers = handlers;
    this.deadlines = deadlines;
    this.settings = settings;
    this.client = client;
    this.incidents = new IncidentClient(client);
  }

  /** Binds {@code settings.listen()} and serves until {@link #close()}. */
  public static AlertReceiver start(ReceiverSettings settings, WorkflowClient client) throws IOException {
    HttpServer server = HttpServer.create(settings.listen(), 128);
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService handlers = Executors.newFixedThreadPool(settings.threads(), r -> {
      Thread t = new Thread(r, "selfheal-receiver-" + threadNumber.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "selfheal-receiver-deadlines");
      t.setDaemon(true);
      return t;
    });
    AlertReceiver receiver = new AlertReceiver(server, handlers, deadlines, settings, client);
    server.createContext("/", receiver::handle);
    server.setExecutor(handlers);
    server.start();
    for (AlertEndpoint endpoint : AlertEndpoint.values()) {
      String auth = settings.authOf(endpoint);
      if (auth.equals("none")) {
        log.warn("receiver endpoint={} auth=none: anyone who reaches it can raise incidents", endpoint.path());
      } else {
        log.info("receiver endpoint={} auth={}", endpoint.path(), auth);
      }
    }
    return receiver;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** What one request got, for the response and the log line. */
  private record Reply(int status, Map<String, Object> body, int incidents, String error) {
    static Reply error(int status, String error) {
      return new Reply(status, Map.of("error", error), 0, error);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    long started = System.nanoTime();
    // raw: undecoded, so a %0A in the path cannot break the log line
    String path = exchange.getRequestURI().getRawPath();
    Reply reply;
    try {
      reply = route(exchange, path);
    } catch (IOException | UncheckedIOException e) {
      reply = Reply.error(400, "could not read the request body: " + e.getMessage());
    } catch (RuntimeException e) {
      log.error("receiver failed path={}", printable(path), e);
      reply = Reply.error(500, "internal error: " + e);
    }
    try (exchange) {
      send(exchange, reply);
    } finally {
      long ms = (System.nanoTime() - started) / 1_000_000;
      if (path.equals(HEALTH) && reply.error() == null) {
        // probed every few seconds by the container runtime: not worth a line each time
        log.debug("alert endpoint={} status={} incidents=0 ms={}", HEALTH, reply.status(), ms);
      } else if (reply.error() == null) {
        log.info("alert endpoint={} status={} incidents={} ms={}", printable(path), reply.status(), reply.incidents(), ms);
      } else {
        log.info("alert endpoint={} status={} incidents=0 ms={} error=\"{}\"", printable(path), reply.status(), ms,
            printable(reply.error()).replace("\"", "'"));
      }
    }
  }

  private Reply route(HttpExchange exchange, String path) throws IOException {
    String method = exchange.getRequestMethod();
    if (path.equals(HEALTH)) {
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        return Reply.error(405, "method " + method + " not allowed on " + HEALTH + "; use GET");
      }
      return health();
    }
    AlertEndpoint endpoint = AlertEndpoint.at(path).orElse(null);
    if (endpoint == null) {
      return Reply.error(404, "no endpoint " + printable(path) + "; alerts go to POST " + String.join(", ",
          Arrays.stream(AlertEndpoint.values()).map(AlertEndpoint::path).toList()));
    }
    if (!method.equals("POST")) {
      exchange.getResponseHeaders().set("Allow", "POST");
      return Reply.error(405, "method " + method + " not allowed on " + path + "; use POST");
    }
    String secret = settings.secretFor(endpoint).orElse(null);
    if (secret == null && settings.token() != null && !bearerMatches(exchange.getRequestHeaders().getFirst("Authorization"))) {
      return Reply.error(401, "header Authorization must be 'Bearer <token>' with the receiver's token");
    }
    int limit = Math.min(settings.maxBodyBytes(), endpoint.maxBytes());
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      long length;
      try {
        length = Long.parseLong(declared.strip());
      } catch (NumberFormatException e) {
        return Reply.error(400, "header Content-Length is '" + printable(declared) + "', not a number");
      }
      if (length > limit) {
        return tooLarge(exchange, limit);
      }
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(limit + 1);
    }
    if (body.length > limit) {
      return tooLarge(exchange, limit);
    }
    if (secret != null) {
      SignatureScheme scheme = endpoint.signature().orElseThrow();
      String wrong = scheme.check(exchange.getRequestHeaders().getFirst(scheme.header()), body, secret);
      if (wrong != null) {
        return Reply.error(401, wrong);
      }
    }
    List<Alert> alerts;
    try {
      alerts = endpoint.parse(new String(body, StandardCharsets.UTF_8));
      for (int i = 0; i < alerts.size(); i++) {
        requireIncidentId(alerts.get(i), alerts.size() == 1 ? "" : "alert " + (i + 1) + " of " + alerts.size() + ": ");
      }
    } catch (InvalidAlertException e) {
      return Reply.error(400, e.getMessage());
    }
    return raise(alerts);
  }

  private static void requireIncidentId(Alert alert, String which) {
    try {
      IncidentIds.incidentId(alert.service(), alert.fingerprint());
    } catch (IllegalArgumentException e) {
      throw new InvalidAlertException(which + e.getMessage());
    }
  }

  private Reply raise(List<Alert> alerts) {
    Set<String> ids = new LinkedHashSet<>();
    int raised = 0;
    try {
      for (Alert alert : alerts) {
        ids.add(withinDeadline(() -> raiseOne(alert)));
        raised++;
      }
    } catch (RuntimeException e) {
      StatusRuntimeException grpc = grpcCause(e);
      if (grpc == null) {
        throw e;
      }
      String progress = alerts.size() > 1 ? " (after raising " + raised + " of " + alerts.size() + " alerts)" : "";
      String reason = grpc.getStatus().getCode() + (grpc.getStatus().getDescription() == null ? "" : " " + grpc.getStatus().getDescription());
      if (UNAVAILABLE.contains(grpc.getStatus().getCode())) {
        return Reply.error(503, "Temporal is unavailable" + progress + ": " + reason);
      }
      // the body was valid, so a refusal is the server's setup (a missing search attribute, a
      // wrong namespace): a 5xx keeps the sender retrying until it is fixed
      return Reply.error(500, "Temporal refused the alert" + progress + ": " + reason);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("accepted", raised);
    body.put("incidents", new ArrayList<>(ids));
    return new Reply(202, body, ids.size(), null);
  }

  /**
   * Two SignalWithStarts racing for a new incident can see the loser told ALREADY_EXISTS (the
   * in-process test server does this under load); asked again, it finds the incident running
   * and joins it, which is what the sender asked for.
   */
  private String raiseOne(Alert alert) {
    for (int attempt = 1; ; attempt++) {
      try {
        return incidents.raise(alert, IncidentSettings.defaults());
      } catch (RuntimeException e) {
        StatusRuntimeException grpc = grpcCause(e);
        boolean lostStartRace = e instanceof WorkflowExecutionAlreadyStarted
            || (grpc != null && grpc.getStatus().getCode() == Status.Code.ALREADY_EXISTS);
        if (!lostStartRace || attempt == START_RACE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * The SDK retries an unreachable frontend for a minute; a sender waits far less. A gRPC
   * deadline on the context bounds both the call and the SDK's retries.
   */
  private <T> T withinDeadline(Callable<T> call) {
    Context.CancellableContext context =
        Context.current().withDeadlineAfter(settings.temporalTimeout().toMillis(), TimeUnit.MILLISECONDS, deadlines);
    try {
      return context.call(call);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      context.cancel(null);
    }
  }

  private Reply health() {
    try {
      client.getWorkflowServiceStubs().blockingStub()
          .withDeadlineAfter(settings.temporalTimeout().toMillis(), TimeUnit.MILLISECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return new Reply(200, Map.of("status", "ok", "temporal", "ok"), 0, null);
    } catch (StatusRuntimeException e) {
      return Reply.error(503, "Temporal is unavailable: " + e.getStatus().getCode());
    }
  }

  private static Reply tooLarge(HttpExchange exchange, int limit) {
    // the rest of the body stays unread; the connection cannot carry another request
    exchange.getResponseHeaders().set("Connection", "close");
    return Reply.error(413, "body is larger than " + limit + " bytes");
  }

  /** Compares digests, so neither the token's content nor its length shows in the time taken. */
  private boolean bearerMatches(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(sha256(authorization.substring(7).strip()), sha256(settings.token()));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static StatusRuntimeException grpcCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        return grpc;
      }
    }
    return null;
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(reply.body());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serializes", e);
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(reply.status(), head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Untrusted text for a log line or an error: printable ASCII only, bounded. */
  private static String printable(String text) {
    String clean = text.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
  }

  /** Stops accepting, lets running requests finish for up to two seconds, then stops. */
  @Override
  public void close() {
    server.stop(2);
    handlers.shutdown();
    try {
      handlers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deadlines.shutdownNow();
  }
}
