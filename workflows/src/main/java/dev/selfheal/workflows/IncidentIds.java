package dev.selfheal.workflows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Workflow ids and branch names derived from an alert; the keys every side effect is idempotent by. */
public final class IncidentIds {
  private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  private static final Pattern SAFE_FINGERPRINT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private IncidentIds() {}

  /**
   * {@code incident-<service>-<fingerprint>}. A fingerprint with characters unsafe in ids, refs
   * or paths is replaced by the first 16 hex digits of its SHA-256, so the same fingerprint always
   * maps to the same incident.
   *
   * @throws IllegalArgumentException naming the bad field
   */
  public static String incidentId(String service, String fingerprint) {
    requireService(service);
    if (fingerprint == null || fingerprint.isBlank()) {
      throw new IllegalArgumentException("fingerprint is missing");
    }
    String safe =
        SAFE_FINGERPRINT.matcher(fingerprint).matches() ? fingerprint : sha256(fingerprint).substring(0, 16);
    return "incident-" + service + "-" + safe;
  }

  /** Branch that holds the incident's fix. */
  public static String branch(String incidentId) {
    return "selfheal/" + incidentId;
  }

  /** Service names become path segments and ref components: lower-case, digits, '.', '_', '-'. */
  public static void requireService(String service) {
    if (service == null || service.isBlank()) {
      throw new IllegalArgumentException("service is missing");
    }
    if (!SERVICE.matcher(service).matches() || service.contains("..")) {
      throw new IllegalArgumentException(
          "service '" + service + "' is not a valid name (lower-case letters, digits, '.', '_', '-')");
    }
  }

  static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
