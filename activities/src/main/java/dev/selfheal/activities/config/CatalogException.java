package dev.selfheal.activities.config;

import java.util.List;

/**
 * A catalog that cannot be used. The message starts with the number of errors, then one line per
 * error: {@code <file>:<line>:<column>: services.<name>.<field>: <what is wrong>}.
 */
public final class CatalogException extends RuntimeException {
  private final List<String> errors;

  public CatalogException(String file, List<String> errors) {
    super(errors.size() + (errors.size() == 1 ? " error" : " errors") + " in service catalog " + file + ":\n"
        + String.join("\n", errors));
    this.errors = List.copyOf(errors);
  }

  /** One line per error, in file order. */
  public List<String> errors() {
    return errors;
  }
}
