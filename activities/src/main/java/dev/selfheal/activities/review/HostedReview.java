package dev.selfheal.activities.review;

/**
 * A pull or merge request as its code host knows it.
 *
 * @param number GitHub's PR number or GitLab's MR iid: what URLs and later calls name it by
 * @param url the page people open
 */
record HostedReview(long number, String url, String headBranch) {}
