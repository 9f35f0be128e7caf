package dev.selfheal.starter.alerts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The vendor sample payloads in test resources {@code alerts/<name>.json}, written after each vendor's documented schema. */
public final class SampleAlerts {
  private SampleAlerts() {}

  /** @param name alertmanager, grafana, sentry, pagerduty or generic */
  public static String read(String name) {
    try (InputStream in = SampleAlerts.class.getResourceAsStream("/alerts/" + name + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no sample alert " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
