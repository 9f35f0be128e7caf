package dev.selfheal.starter.bench;

import io.temporal.activity.ActivityInterface;

/** One activity that does nothing: the unit of the floor workflow. */
@ActivityInterface
public interface FloorActivities {
  int step(int n);
}
