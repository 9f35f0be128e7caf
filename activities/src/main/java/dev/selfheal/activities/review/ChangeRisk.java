package dev.selfheal.activities.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How risky a change is, read from the paths it touches: authentication, payments, data stores
 * and migrations are high (a human must look closely), the rest low. Paths are the only signal
 * the review stage has; the reasons say which path made it high, so a reviewer can disagree.
 * Whole path words only ({@code auth/}, {@code db/migration/}), so {@code author/} is not auth; a
 * class named {@code AuthFilter.java} in an ordinary folder is not caught.
 */
record ChangeRisk(String level, List<String> reasons) {
  private static final Pattern HIGH = Pattern.compile(
      "(?:^|[/._-])(auth|authn|authz|authentication|authori[sz]ation|oauth2?|login|session|security|crypto|"
          + "password|secrets?|payments?|billing|invoice|migrations?|schema|database|db|datastore|flyway|liquibase)"
          + "(?=$|[/._-])|\\.sql$");

  ChangeRisk {
    reasons = List.copyOf(reasons);
  }

  static ChangeRisk of(List<String> files) {
    List<String> reasons = new ArrayList<>();
    for (String file : files == null ? List.<String>of() : files) {
      Matcher m = HIGH.matcher(file.toLowerCase(Locale.ROOT));
      if (m.find()) {
        reasons.add(file + " (" + (m.group(1) == null ? ".sql" : m.group(1)) + ")");
      }
    }
    return new ChangeRisk(reasons.isEmpty() ? "low" : "high", reasons);
  }
}
