package dev.selfheal.activities.diagnosis;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which known services a log text talks about: callers name their callees in URLs, host:port
 * pairs and messages. A host matches a service by its full name ({@code orders-service}) or,
 * inside a URL or host:port, by the service's stem as the host's first label
 * ({@code ledger.payments.svc} → {@code ledger-service}). Bare words only match full names,
 * so a class name like {@code LedgerClient} is not taken for a host.
 */
final class ServiceMentions {
  private static final Pattern URL_OR_PORT =
      Pattern.compile("[a-z][a-z0-9+.-]*://(?:[^@/\\s]+@)?([a-z0-9][a-z0-9.-]*)|\\b([a-z0-9][a-z0-9.-]*):\\d{2,5}\\b", Pattern.CASE_INSENSITIVE);
  /** Keys under which a served request names who sent it. */
  private static final Set<String> CALLER_KEYS = Set.of("caller", "client", "source", "src", "origin", "requester");
  private static final String[] SUFFIXES = {"-service", "-svc", "-api", "-server", "-worker", "-app", "-db"};

  private final Set<String> names;
  private final Map<String, String> byStem = new HashMap<>();
  private final Pattern fullNames;

  ServiceMentions(Collection<String> services) {
    this.names = new LinkedHashSet<>();
    StringBuilder alternatives = new StringBuilder();
    for (String service : services) {
      if (service == null || service.isBlank()) {
        continue;
      }
      String lower = service.toLowerCase(Locale.ROOT);
      names.add(lower);
      byStem.putIfAbsent(stem(lower), lower);
      if (alternatives.length() > 0) {
        alternatives.append('|');
      }
      alternatives.append(Pattern.quote(lower));
    }
    this.fullNames = alternatives.length() == 0 ? null
        : Pattern.compile("(?<![a-z0-9_-])(" + alternatives + ")(?![a-z0-9_-])", Pattern.CASE_INSENSITIVE);
  }

  /** The known services {@code text} mentions, in order of appearance; never {@code self}. */
  Set<String> in(String text, String self) {
    return in(text, self, true);
  }

  /**
   * Those {@link #in} finds, but not one named as who sent a request this service served ({@code
   * caller=storefront-bff}): what it called, not who called it.
   */
  Set<String> callees(String text, String self) {
    return in(text, self, false);
  }

  private Set<String> in(String text, String self, boolean callers) {
    Set<String> found = new LinkedHashSet<>();
    if (text == null || fullNames == null) {
      return found;
    }
    String own = self == null ? "" : self.toLowerCase(Locale.ROOT);
    Matcher full = fullNames.matcher(text);
    while (full.find()) {
      if (callers || !namesTheCaller(text, full.start())) {
        add(found, full.group(1).toLowerCase(Locale.ROOT), own);
      }
    }
    Matcher hosts = URL_OR_PORT.matcher(text);
    while (hosts.find()) {
      String host = (hosts.group(1) != null ? hosts.group(1) : hosts.group(2)).toLowerCase(Locale.ROOT);
      String label = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
      String service = names.contains(label) ? label : byStem.get(stem(label));
      if (service != null) {
        add(found, service, own);
      }
    }
    return found;
  }

  /**
   * Whether the name at {@code at} is the value of a key that names who sent a request
   * ({@code caller=web-gateway}, {@code "client": "web-gateway"}).
   */
  private static boolean namesTheCaller(String text, int at) {
    int i = at;
    boolean assigned = false;
    while (i > 0 && at - i < 4 && "\"'=: ".indexOf(text.charAt(i - 1)) >= 0) {
      assigned |= text.charAt(i - 1) == '=' || text.charAt(i - 1) == ':';
      i--;
    }
    int start = i;
    while (start > 0 && (Character.isLetter(text.charAt(start - 1)) || text.charAt(start - 1) == '_')) {
      start--;
    }
    return assigned && CALLER_KEYS.contains(text.substring(start, i).toLowerCase(Locale.ROOT));
  }

  /**
   * The services a hyphenated name holds whole, as proxies name upstreams after namespace,
   * service and port ({@code payments-payments-api-8080} → {@code payments-api}).
   */
  Set<String> inUpstream(String name, String self) {
    Set<String> found = new LinkedHashSet<>();
    if (name == null) {
      return found;
    }
    String padded = "-" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-";
    String own = self == null ? "" : self.toLowerCase(Locale.ROOT);
    for (String service : names) {
      if (padded.contains("-" + service + "-")) {
        add(found, service, own);
      }
    }
    return found;
  }

  /**
   * The service an error type is named after: callers name their dependency's failures
   * ({@code SessionStoreError} → {@code session-store}, {@code LedgerUnavailableException} →
   * {@code ledger-service} by its stem).
   */
  Set<String> inTypeName(String type, String self) {
    Set<String> found = new LinkedHashSet<>();
    if (type == null) {
      return found;
    }
    String simple = type.substring(type.lastIndexOf('.') + 1);
    String kebab = "-" + simple.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT) + "-";
    String own = self == null ? "" : self.toLowerCase(Locale.ROOT);
    for (String service : names) {
      String stem = stem(service);
      if (kebab.contains("-" + service + "-") || (stem.length() >= 4 && kebab.startsWith("-" + stem + "-"))) {
        add(found, service, own);
      }
    }
    return found;
  }

  private static void add(Set<String> found, String service, String self) {
    if (!service.equals(self)) {
      found.add(service);
    }
  }

  /** {@code ledger-service} → {@code ledger}; names without a known suffix are their own stem. */
  static String stem(String name) {
    for (String suffix : SUFFIXES) {
      if (name.endsWith(suffix) && name.length() > suffix.length()) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return name;
  }
}
