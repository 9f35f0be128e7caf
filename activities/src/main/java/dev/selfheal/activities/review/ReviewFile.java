package dev.selfheal.activities.review;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code <origin>/selfheal-reviews/<id>.json}: the machine-readable side of a local review
 * request. The markdown beside it is for people; this is what selfheal finds and updates.
 *
 * @param url the markdown file people read
 * @param state {@code open}, then the state of the last event
 */
public record ReviewFile(
    String id,
    String title,
    String headBranch,
    String baseBranch,
    String commit,
    String diffSha256,
    String state,
    String url,
    String createdAt,
    List<ReviewEvent> events) {

  public ReviewFile {
    events = events == null ? List.of() : List.copyOf(events);
  }

  ReviewFile with(ReviewEvent event) {
    List<ReviewEvent> more = new ArrayList<>(events);
    more.add(event);
    return new ReviewFile(id, title, headBranch, baseBranch, commit, diffSha256, event.state(), url, createdAt, more);
  }
}
