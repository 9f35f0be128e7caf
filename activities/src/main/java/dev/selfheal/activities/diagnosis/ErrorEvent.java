package dev.selfheal.activities.diagnosis;

import dev.selfheal.activities.logs.LogRecord;

/**
 * The compact form of one ERROR/FATAL record the analyzer keeps: a million of these must fit,
 * so strings are interned by the analyzer, {@code caused_by} is reduced to the type names it
 * mentions, and the full record is kept only for the first few events of each error type (for
 * evidence and the root cause's details).
 */
final class ErrorEvent {
  final long tsMillis;
  final long seq;
  /** {@code service|errorType}; the unit candidates are counted in. */
  final String key;
  final String service;
  /** As logged (fully qualified), or null when the record names none. */
  final String errorType;
  /** Without package; empty when there is no error type. */
  final String simpleType;
  final String spanId;
  final String parentSpanId;
  /** Simple type names mentioned in {@code caused_by}; empty when there is none. */
  final String[] causeTypes;
  final boolean hasCausedBy;
  /** The full record, for the first few events of each key only; otherwise null. */
  LogRecord detail;

  ErrorEvent(long tsMillis, long seq, String key, String service, String errorType, String simpleType,
      String spanId, String parentSpanId, String[] causeTypes, boolean hasCausedBy) {
    this.tsMillis = tsMillis;
    this.seq = seq;
    this.key = key;
    this.service = service;
    this.errorType = errorType;
    this.simpleType = simpleType;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
    this.causeTypes = causeTypes;
    this.hasCausedBy = hasCausedBy;
  }

  /** Earlier first; input order breaks ties so results do not depend on hash order. */
  static int chronological(ErrorEvent a, ErrorEvent b) {
    int c = Long.compare(a.tsMillis, b.tsMillis);
    return c != 0 ? c : Long.compare(a.seq, b.seq);
  }
}
