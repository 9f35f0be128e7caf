package dev.selfheal.starter.serve;

import dev.selfheal.starter.connect.EnvVars;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a sender signs a webhook body: a hex HMAC-SHA256 of the raw body under a shared secret, in
 * a header whose name and prefix are the vendor's. Proves the body came from whoever holds the
 * secret and was not changed on the way.
 */
enum SignatureScheme {
  /** Sentry integrations: {@code Sentry-Hook-Signature: <hex>}, keyed by the integration's client secret. */
  SENTRY("Sentry-Hook-Signature", "", false, EnvVars.SELFHEAL_SENTRY_SECRET),
  /** PagerDuty V3: {@code X-PagerDuty-Signature: v1=<hex>[,v1=<hex>]}; two while a secret is rotated. */
  PAGERDUTY("X-PagerDuty-Signature", "v1=", true, EnvVars.SELFHEAL_PAGERDUTY_SECRET),
  /** selfheal's own, for senders that can compute one: {@code X-Selfheal-Signature: sha256=<hex>}. */
  SELFHEAL("X-Selfheal-Signature", "sha256=", false, EnvVars.SELFHEAL_WEBHOOK_SECRET);

  private final String header;
  private final String prefix;
  private final boolean list;
  private final String secretEnv;

  SignatureScheme(String header, String prefix, boolean list, String secretEnv) {
    this.header = header;
    this.prefix = prefix;
    this.list = list;
    this.secretEnv = secretEnv;
  }

  String header() {
    return header;
  }

  String secretEnv() {
    return secretEnv;
  }

  /** The header value a sender holding {@code secret} puts on {@code body}. */
  String sign(byte[] body, String secret) {
    return prefix + HexFormat.of().formatHex(hmac(body, secret));
  }

  /**
   * @param value the header as received, or null
   * @return null when a signature in {@code value} matches, else what is wrong (for the 401)
   */
  String check(String value, byte[] body, String secret) {
    if (value == null || value.isBlank()) {
      return "header " + header + " is required (HMAC-SHA256 of the body)";
    }
    byte[] expected = hmac(body, secret);
    boolean matched = false;
    for (String candidate : list ? value.split(",") : new String[] {value}) {
      String signature = candidate.strip();
      if (!signature.startsWith(prefix)) {
        continue;
      }
      byte[] given;
      try {
        given = HexFormat.of().parseHex(signature.substring(prefix.length()).toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        continue;
      }
      // every candidate is compared, in constant time, so timing says nothing about which matched
      matched |= MessageDigest.isEqual(given, expected);
    }
    return matched ? null : "header " + header + " does not match the body (expected " + prefix + "<hex HMAC-SHA256>)";
  }

  private static byte[] hmac(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
