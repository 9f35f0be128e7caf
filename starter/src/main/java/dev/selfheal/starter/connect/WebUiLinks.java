package dev.selfheal.starter.connect;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Addresses of pages in the Temporal Web UI. */
public final class WebUiLinks {
  private WebUiLinks() {}

  /** The page that shows a workflow's latest run, its history and its stage activities. */
  public static String workflow(String webUiBase, String namespace, String workflowId) {
    String base = webUiBase.endsWith("/") ? webUiBase.substring(0, webUiBase.length() - 1) : webUiBase;
    return base + "/namespaces/" + encode(namespace) + "/workflows/" + encode(workflowId);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
