package dev.selfheal.starter.serve;

import dev.selfheal.starter.connect.EnvVars;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * How the receiver listens and whom it believes.
 *
 * @param maxBodyBytes the largest body any endpoint reads; a format with a smaller limit keeps it
 * @param threads requests handled at once; more wait in the accept queue
 * @param temporalTimeout how long raising one request's alerts may take before it is answered 503
 * @param token bearer token for endpoints without a signature secret; null = not required
 * @param secrets signature secrets by scheme; an endpoint whose scheme has one requires a valid
 *     signature (and not the token)
 */
public record ReceiverSettings(
    InetSocketAddress listen,
    int maxBodyBytes,
    int threads,
    Duration temporalTimeout,
    String token,
    Map<SignatureScheme, String> secrets) {

  public ReceiverSettings {
    secrets = Map.copyOf(secrets);
  }

  /** The token and secrets from {@link EnvVars}; unset or empty variables mean none. */
  public static ReceiverSettings fromEnvironment(
      InetSocketAddress listen, int maxBodyBytes, int threads, Duration temporalTimeout, Map<String, String> env) {
    Map<SignatureScheme, String> secrets = new EnumMap<>(SignatureScheme.class);
    for (SignatureScheme scheme : SignatureScheme.values()) {
      nonEmpty(env.get(scheme.secretEnv())).ifPresent(secret -> secrets.put(scheme, secret));
    }
    return new ReceiverSettings(
        listen, maxBodyBytes, threads, temporalTimeout, nonEmpty(env.get(EnvVars.SELFHEAL_RECEIVER_TOKEN)).orElse(null), secrets);
  }

  /** The secret that authenticates {@code endpoint}, if its scheme has one configured. */
  Optional<String> secretFor(AlertEndpoint endpoint) {
    return endpoint.signature().map(secrets::get);
  }

  /** What a request to {@code endpoint} must carry, for the startup log. */
  String authOf(AlertEndpoint endpoint) {
    if (secretFor(endpoint).isPresent()) {
      return "signature:" + endpoint.signature().orElseThrow().header();
    }
    return token != null ? "bearer" : "none";
  }

  private static Optional<String> nonEmpty(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }
}
