package dev.selfheal.example.report;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;

/**
 * Polls a URL until it answers HTTP 200 (or, with {@code --any-status}, any HTTP status) or the
 * timeout passes. {@code HealthProbe <url> <timeoutSeconds> [--any-status]}; exit 0 or 1.
 */
public final class HealthProbe {

  /** What the last poll saw: an HTTP status, or -1 and the connection error. */
  public record Outcome(boolean ok, int status, String error) {}

  private HealthProbe() {}

  public static void main(String[] args) {
    boolean anyStatus = args.length == 3 && args[2].equals("--any-status");
    if (args.length < 2 || args.length > 3 || (args.length == 3 && !anyStatus)) {
      System.err.println("usage: HealthProbe <url> <timeoutSeconds> [--any-status]");
      System.exit(2);
    }
    long seconds;
    try {
      seconds = Long.parseLong(args[1]);
    } catch (NumberFormatException e) {
      System.err.println("HealthProbe: timeoutSeconds is not a number: " + args[1]);
      System.exit(2);
      return;
    }
    Outcome o = probe(args[0], Duration.ofSeconds(seconds), anyStatus);
    if (o.ok()) {
      System.out.println("health " + args[0] + ": HTTP " + o.status());
    } else {
      System.out.println("health " + args[0] + ": no " + (anyStatus ? "answer" : "HTTP 200")
          + " within " + seconds + "s (last: "
          + (o.status() > 0 ? "HTTP " + o.status() : o.error()) + ")");
    }
    System.exit(o.ok() ? 0 : 1);
  }

  public static Outcome probe(String url, Duration timeout, boolean anyStatus) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Outcome last = new Outcome(false, -1, "not polled");
    while (true) {
      last = once(url);
      if (last.status() == 200 || (anyStatus && last.status() > 0)) {
        return new Outcome(true, last.status(), null);
      }
      if (System.nanoTime() >= deadline) {
        return last;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return last;
      }
    }
  }

  private static Outcome once(String url) {
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) new URL(url).openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(2000);
      int status = c.getResponseCode();
      InputStream body = status >= 400 ? c.getErrorStream() : c.getInputStream();
      if (body != null) {
        body.readAllBytes();
        body.close();
      }
      return new Outcome(false, status, null);
    } catch (IOException e) {
      return new Outcome(false, -1, e.toString());
    } finally {
      if (c != null) {
        c.disconnect();
      }
    }
  }
}
