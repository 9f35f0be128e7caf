package dev.selfheal.starter.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The default host id: the machine's (or container's) host name, which is unique per replica. */
final class HostNames {
  private HostNames() {}

  static String local() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
