package dev.selfheal.activities.review;

/** One entry of a review request's history: opened, approved, rejected, merged. */
public record ReviewEvent(String state, String actor, String comment, String at) {

  /** Same decision by the same person with the same words; the time does not matter. */
  boolean sameAs(ReviewEvent other) {
    return other != null
        && java.util.Objects.equals(state, other.state)
        && java.util.Objects.equals(actor, other.actor)
        && java.util.Objects.equals(comment, other.comment);
  }
}
