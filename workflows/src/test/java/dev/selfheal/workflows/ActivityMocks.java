package dev.selfheal.workflows;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import dev.selfheal.workflows.activities.CiActivities;
import dev.selfheal.workflows.activities.DeployActivities;
import dev.selfheal.workflows.activities.DetectActivities;
import dev.selfheal.workflows.activities.DiagnosisActivities;
import dev.selfheal.workflows.activities.FixActivities;
import dev.selfheal.workflows.activities.GitActivities;
import dev.selfheal.workflows.activities.LessonActivities;
import dev.selfheal.workflows.activities.LogActivities;
import dev.selfheal.workflows.activities.ReviewActivities;
import dev.selfheal.workflows.activities.TicketActivities;
import dev.selfheal.workflows.activities.VerifyActivities;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * Fresh Mockito mocks per test behind proxies registered once per test class, so one test
 * server and one set of workers serve every test of the class.
 */
final class ActivityMocks {
  DetectActivities detect;
  TicketActivities tickets;
  LogActivities logs;
  DiagnosisActivities diagnosis;
  GitActivities git;
  FixActivities fix;
  CiActivities ci;
  ReviewActivities review;
  DeployActivities deploy;
  VerifyActivities verify;
  LessonActivities lessons;

  void reset() {
    detect = mockOf(DetectActivities.class);
    tickets = mockOf(TicketActivities.class);
    logs = mockOf(LogActivities.class);
    diagnosis = mockOf(DiagnosisActivities.class);
    git = mockOf(GitActivities.class);
    fix = mockOf(FixActivities.class);
    ci = mockOf(CiActivities.class);
    review = mockOf(ReviewActivities.class);
    deploy = mockOf(DeployActivities.class);
    verify = mockOf(VerifyActivities.class);
    lessons = mockOf(LessonActivities.class);
  }

  /** Light I/O activities, for the IO queue. */
  List<Object> io() {
    return List.of(
        proxy(DetectActivities.class, () -> detect),
        proxy(TicketActivities.class, () -> tickets),
        proxy(LogActivities.class, () -> logs),
        proxy(DiagnosisActivities.class, () -> diagnosis),
        proxy(VerifyActivities.class, () -> verify),
        proxy(LessonActivities.class, () -> lessons));
  }

  /** Repair activities, for the generic repair queue and the host queue. */
  List<Object> repair() {
    return List.of(
        proxy(GitActivities.class, () -> git),
        proxy(FixActivities.class, () -> fix),
        proxy(CiActivities.class, () -> ci),
        proxy(ReviewActivities.class, () -> review),
        proxy(DeployActivities.class, () -> deploy));
  }

  private static <T> T mockOf(Class<T> type) {
    return mock(type, withSettings().withoutAnnotations());
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, java.util.function.Supplier<Object> current) {
    InvocationHandler handler =
        (p, method, args) -> {
          try {
            return method.invoke(current.get(), args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
  }
}
