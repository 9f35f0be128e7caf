package dev.selfheal.starter.eval;

import dev.selfheal.activities.logs.LogRecord;

/**
 * A (service, error type) pair: a truth file's root cause, symptom or baseline, or an answer.
 *
 * @param errorType a simple class name, or null when there is none
 */
record ServiceError(String service, String errorType) {

  /** An answer, with its error type reduced to the simple class name that matching compares. */
  static ServiceError answer(String service, String errorType) {
    return new ServiceError(service, LogRecord.simpleName(errorType));
  }

  /**
   * Whether an answer names this one, as FORMAT.md defines a match: the same service and, where
   * this names an error type, the same simple class name.
   */
  boolean isNamedBy(ServiceError answer) {
    return answer != null && service.equals(answer.service())
        && (errorType == null || errorType.equals(LogRecord.simpleName(answer.errorType())));
  }

  /** {@code orders-service/SQLTransientConnectionException}; {@code -} for no error type. */
  @Override
  public String toString() {
    return service + "/" + (errorType == null ? "-" : errorType);
  }
}
