package dev.selfheal.activities.review;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The incident's page in the Temporal Web UI, for review pages. Same shape as the CLI's
 * {@code WebUiLinks} (the starter module, which activities cannot depend on).
 */
final class WebUiLink {
  private WebUiLink() {}

  static String workflow(String webUiBase, String namespace, String workflowId) {
    String base = webUiBase.endsWith("/") ? webUiBase.substring(0, webUiBase.length() - 1) : webUiBase;
    return base + "/namespaces/" + encode(namespace) + "/workflows/" + encode(workflowId);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
