package dev.selfheal.activities.review;

import java.util.List;

/** What selfheal wants a review request to say: sent on create, and again on every update. */
record ReviewDraft(String title, String body, String headBranch, String baseBranch, List<String> labels) {
  ReviewDraft {
    labels = labels == null ? List.of() : List.copyOf(labels);
  }
}
