package dev.selfheal.starter.connect;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --address} and {@code --namespace}, shared by every verb that talks to a frontend. */
public final class ConnectionOptions {
  @Option(
      names = "--address",
      defaultValue = "${env:" + EnvVars.TEMPORAL_ADDRESS + ":-localhost:7233}",
      description = "Temporal frontend host:port (env " + EnvVars.TEMPORAL_ADDRESS + ", default: ${DEFAULT-VALUE}).")
  String address;

  @Option(
      names = {"--namespace", "-n"},
      defaultValue = "${env:" + EnvVars.TEMPORAL_NAMESPACE + ":-default}",
      description = "Temporal namespace (env " + EnvVars.TEMPORAL_NAMESPACE + ", default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--web-ui",
      defaultValue = "${env:" + EnvVars.SELFHEAL_WEB_UI + ":-http://localhost:8233}",
      description = "Temporal Web UI base URL, for links (env " + EnvVars.SELFHEAL_WEB_UI + ", default: ${DEFAULT-VALUE}).")
  String webUi;

  public TemporalConnection connect(String identity) {
    return TemporalConnection.connect(address, namespace, identity, Duration.ofSeconds(10));
  }

  public String address() {
    return address;
  }

  public String namespace() {
    return namespace;
  }

  /** The Web UI base URL, as the user's browser reaches it. */
  public String webUi() {
    return webUi;
  }

  /** The Web UI page of one incident. */
  public String incidentUrl(String incidentId) {
    return WebUiLinks.workflow(webUi, namespace, incidentId);
  }
}
