package dev.selfheal.worker.faults;

import dev.selfheal.workflows.activities.CiActivities;
import dev.selfheal.workflows.activities.DeployActivities;
import dev.selfheal.workflows.activities.DetectActivities;
import dev.selfheal.workflows.activities.DiagnosisActivities;
import dev.selfheal.workflows.activities.FixActivities;
import dev.selfheal.workflows.activities.FlapEscalationActivities;
import dev.selfheal.workflows.activities.GitActivities;
import dev.selfheal.workflows.activities.HealthProbeActivities;
import dev.selfheal.workflows.activities.LessonActivities;
import dev.selfheal.workflows.activities.LogActivities;
import dev.selfheal.workflows.activities.LogWatchActivities;
import dev.selfheal.workflows.activities.RestartActivities;
import dev.selfheal.workflows.activities.ReviewActivities;
import dev.selfheal.workflows.activities.TicketActivities;
import dev.selfheal.workflows.activities.VerifyActivities;
import io.temporal.common.metadata.POJOActivityInterfaceMetadata;
import io.temporal.common.metadata.POJOActivityMethodMetadata;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** The activity type names selfheal's workers register, as the server sees them (e.g. {@code ApplyFix}). */
public final class ActivityTypes {
  /** Every activity interface in the workflows module; a fault spec may name any of their types. */
  static final List<Class<?>> INTERFACES = List.of(
      CiActivities.class, DeployActivities.class, DetectActivities.class, DiagnosisActivities.class,
      FixActivities.class, FlapEscalationActivities.class, GitActivities.class, HealthProbeActivities.class,
      LessonActivities.class, LogActivities.class, LogWatchActivities.class, RestartActivities.class,
      ReviewActivities.class, TicketActivities.class, VerifyActivities.class);

  private ActivityTypes() {}

  /** Sorted, so an error message lists them readably. */
  public static SortedSet<String> known() {
    SortedSet<String> names = new TreeSet<>();
    for (Class<?> type : INTERFACES) {
      for (POJOActivityMethodMetadata method : POJOActivityInterfaceMetadata.newInstance(type).getMethodsMetadata()) {
        names.add(method.getActivityTypeName());
      }
    }
    return names;
  }
}
