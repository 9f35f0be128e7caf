package dev.selfheal.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import dev.selfheal.workflows.messages.requests.MergeRequest;
import dev.selfheal.workflows.messages.requests.RevertRequest;
import dev.selfheal.workflows.messages.requests.WorktreeRequest;
import dev.selfheal.workflows.messages.values.MergeResult;
import dev.selfheal.workflows.messages.values.RevertResult;
import dev.selfheal.workflows.messages.values.Worktree;

/** Git side effects, each idempotent by the incident's branch and commit trailers. */
@ActivityInterface
public interface GitActivities {
  @ActivityMethod
  Worktree prepareWorktree(WorktreeRequest request);

  @ActivityMethod
  MergeResult merge(MergeRequest request);

  @ActivityMethod
  RevertResult revert(RevertRequest request);
}
