package dev.selfheal.example.report.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** Minimal HTTP client for the tests. */
public final class Http {

  /** Status code and body of one answer. */
  public record Response(int status, String body) {}

  private Http() {}

  public static Response get(String url) {
    return call("GET", url);
  }

  public static Response post(String url) {
    return call("POST", url);
  }

  private static Response call(String method, String url) {
    try {
      HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
      c.setRequestMethod(method);
      c.setConnectTimeout(2000);
      c.setReadTimeout(10000);
      if (method.equals("POST")) {
        c.setDoOutput(true);
        c.getOutputStream().close();
      }
      int status = c.getResponseCode();
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (in != null) {
        in.close();
      }
      c.disconnect();
      return new Response(status, body);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + url, e);
    }
  }
}
