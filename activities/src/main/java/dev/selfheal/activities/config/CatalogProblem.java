package dev.selfheal.activities.config;

import com.fasterxml.jackson.core.JsonLocation;
import java.util.Comparator;

/**
 * One thing wrong in a catalog file.
 *
 * @param path the field, dotted ({@code services.payments.deploy.dir}); empty for the file itself
 */
record CatalogProblem(int line, int column, String path, String message) {
  static final Comparator<CatalogProblem> IN_FILE_ORDER =
      Comparator.comparingInt(CatalogProblem::line).thenComparingInt(CatalogProblem::column);

  CatalogProblem(JsonLocation at, String path, String message) {
    this(Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()), path, message);
  }

  /** {@code <file>:<line>:<column>: <path>: <message>}, the form editors and terminals link. */
  String format(String file) {
    return file + ":" + line + ":" + column + ": " + (path.isEmpty() ? "" : path + ": ") + message;
  }
}
