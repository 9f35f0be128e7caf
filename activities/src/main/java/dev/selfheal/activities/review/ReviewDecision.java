package dev.selfheal.activities.review;

/** Where the people reviewing a request stand, taken together. */
public enum ReviewDecision {
  APPROVED,
  CHANGES_REQUESTED,
  /** Nobody has decided yet (or every decision was dismissed). */
  PENDING
}
