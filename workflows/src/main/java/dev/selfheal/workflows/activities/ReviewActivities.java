package dev.selfheal.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import dev.selfheal.workflows.messages.requests.ReviewRequest;
import dev.selfheal.workflows.messages.requests.ReviewUpdateRequest;
import dev.selfheal.workflows.messages.values.ReviewRef;

/** PR stage: push the branch and open the review request on the code host. */
@ActivityInterface
public interface ReviewActivities {
  /** Finds the review request for the head branch first; creates it only when there is none. */
  @ActivityMethod
  ReviewRef openReview(ReviewRequest request);

  @ActivityMethod
  void updateReview(ReviewUpdateRequest request);
}
