package dev.selfheal.starter.incidents;

/** Who the CLI says it is in the incident's history, and the default approver name. */
final class CliIdentity {
  private CliIdentity() {}

  static String user() {
    String user = System.getenv("USER");
    return user == null || user.isBlank() ? System.getProperty("user.name", "unknown") : user;
  }

  static String of(String verb) {
    return "selfheal-cli/" + verb + "/" + user();
  }
}
