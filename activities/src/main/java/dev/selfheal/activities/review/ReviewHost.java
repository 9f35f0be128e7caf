package dev.selfheal.activities.review;

import java.util.Optional;

/**
 * A code host's review requests, reached through its API. Every call is safe to repeat: callers
 * find before they create, and look for a comment's marker before they post it.
 */
interface ReviewHost {
  /** The open review request whose head is {@code headBranch}, if there is one. */
  Optional<HostedReview> findOpen(String headBranch);

  /**
   * Opens a review request. If the host says one is already open for the head branch (another
   * attempt got there between our find and this create), that one is updated and returned.
   */
  HostedReview create(ReviewDraft draft);

  /** Sets title, body and labels on an existing request; labels people added stay. */
  HostedReview update(HostedReview review, ReviewDraft draft);

  /** Whether a comment containing {@code marker} is already on the request. */
  boolean hasComment(HostedReview review, String marker);

  void comment(HostedReview review, String body);

  ReviewState reviewState(HostedReview review);
}
