package dev.selfheal.starter.serve;

import dev.selfheal.starter.connect.ConnectionOptions;
import dev.selfheal.starter.connect.EnvVars;
import dev.selfheal.starter.connect.TemporalConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code selfheal serve}: the alert receiver. Runs until SIGTERM/SIGINT, then stops accepting and
 * lets requests in flight finish briefly. The token and signature secrets come from the
 * environment only, so they never show in a process list.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Receive alerts over HTTP: POST /alerts/{alertmanager,grafana,sentry,pagerduty,generic}; GET /health.",
      "Auth from the environment: " + EnvVars.SELFHEAL_RECEIVER_TOKEN + " (Authorization: Bearer), "
          + EnvVars.SELFHEAL_SENTRY_SECRET + ", " + EnvVars.SELFHEAL_PAGERDUTY_SECRET + ", " + EnvVars.SELFHEAL_WEBHOOK_SECRET
          + " (body signatures; an endpoint with a secret requires its signature instead of the token)."
    })
public final class ServeCommand implements Callable<Integer> {
  /** The port the receiver listens on unless --listen says otherwise; compose publishes it. */
  public static final int DEFAULT_PORT = 8090;
  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  @Mixin ConnectionOptions connection;

  @Option(names = "--listen", defaultValue = "0.0.0.0:" + DEFAULT_PORT, description = "host:port to listen on (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(names = "--max-body", defaultValue = "1048576", description = "Largest request body in bytes; a format with a smaller limit keeps it (default: ${DEFAULT-VALUE}).")
  int maxBody;

  @Option(names = "--threads", defaultValue = "16", description = "Requests handled at once (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--temporal-timeout", defaultValue = "PT5S", description = "Answer 503 when Temporal takes longer than this to take a request's alerts, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration temporalTimeout;

  @Override
  public Integer call() throws Exception {
    InetSocketAddress address;
    try {
      address = listenAddress(listen);
      if (maxBody < 1) {
        throw new IllegalArgumentException("--max-body must be at least 1 byte");
      }
      if (threads < 1 || threads > 1024) {
        throw new IllegalArgumentException("--threads must be between 1 and 1024");
      }
      if (temporalTimeout.toMillis() < 1) {
        throw new IllegalArgumentException("--temporal-timeout must be positive");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("selfheal serve: " + e.getMessage());
      return 2;
    }
    ReceiverSettings settings = ReceiverSettings.fromEnvironment(address, maxBody, threads, temporalTimeout, System.getenv());
    TemporalConnection temporal = connection.connect("selfheal-receiver@" + ProcessHandle.current().pid());
    AlertReceiver receiver;
    try {
      receiver = AlertReceiver.start(settings, temporal.client());
    } catch (IOException e) {
      temporal.close();
      System.err.println("selfheal serve: cannot listen on " + listen + ": " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("receiver stopping listen={}", listen);
      receiver.close();
      temporal.close();
      stopped.countDown();
    }, "selfheal-receiver-shutdown"));
    // one line on stdout that scripts and tests wait for
    System.out.println("receiver ready listen=" + address.getHostString() + ":" + receiver.port()
        + " temporal=" + temporal.address() + " namespace=" + temporal.namespace());
    System.out.flush();
    stopped.await();
    return 0;
  }

  static InetSocketAddress listenAddress(String listen) {
    int colon = listen.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--listen '" + listen + "' is not host:port");
    }
    String host = listen.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--listen '" + listen + "': port is not a number");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--listen '" + listen + "': port must be 0..65535");
    }
    InetSocketAddress address = host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("--listen '" + listen + "': unknown host '" + host + "'");
    }
    return address;
  }
}
