package dev.selfheal.activities.review;

import java.util.List;

/**
 * The reviews on a request, each reviewer counted by their latest decision.
 *
 * @param approvedBy user names whose latest decision approves
 * @param changesRequestedBy user names whose latest decision asks for changes (GitHub only;
 *     GitLab's approvals API has no such decision)
 */
public record ReviewState(ReviewDecision decision, List<String> approvedBy, List<String> changesRequestedBy) {
  public ReviewState {
    approvedBy = List.copyOf(approvedBy);
    changesRequestedBy = List.copyOf(changesRequestedBy);
  }
}
