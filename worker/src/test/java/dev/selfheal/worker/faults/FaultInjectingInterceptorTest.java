package dev.selfheal.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.workflows.activities.LessonActivities;
import dev.selfheal.workflows.messages.requests.LessonRequest;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactoryOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultInjectingInterceptorTest {
  private static final String QUEUE = "faults";

  private final AtomicInteger lessonsWritten = new AtomicInteger();
  /** How many lessons were written when the halt fired; -1 = never. */
  private final AtomicInteger writtenAtHalt = new AtomicInteger(-1);
  private TestWorkflowEnvironment env;

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void failAfterRetriesTheActivityOnceWithItsEffectAlreadyDone() {
    run(new FaultPlan(Map.of("RecordLesson", Fault.FAIL_AFTER)), "fail-after");

    assertThat(lessonsWritten).as("implementation runs: the failed attempt and its retry").hasValue(2);
    assertThat(startedAttempt("fail-after")).isEqualTo(2);
    assertThat(writtenAtHalt).hasValue(-1);
  }

  @Test
  void haltAfterHaltsOnlyOnceTheImplementationHasReturned() {
    run(new FaultPlan(Map.of("RecordLesson", Fault.HALT_AFTER)), "halt-after");

    assertThat(writtenAtHalt).as("lessons written when the JVM would have halted").hasValue(1);
  }

  @Test
  void activityTypesOutsideThePlanRunUntouched() {
    run(new FaultPlan(Map.of("ApplyFix", Fault.FAIL_AFTER)), "other-type");

    assertThat(lessonsWritten).hasValue(1);
    assertThat(startedAttempt("other-type")).isEqualTo(1);
    assertThat(writtenAtHalt).hasValue(-1);
  }

  private void run(FaultPlan plan, String workflowId) {
    FaultInjectingInterceptor interceptor = new FaultInjectingInterceptor(plan, () -> writtenAtHalt.set(lessonsWritten.get()));
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder().setWorkerInterceptors(interceptor).build())
        .build());
    var worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(LessonWorkflowImpl.class);
    worker.registerActivitiesImplementations((LessonActivities) request -> lessonsWritten.incrementAndGet());
    env.start();
    env.getWorkflowClient()
        .newWorkflowStub(LessonWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId).build())
        .record(new LessonRequest("INC-1", "svc", null, null, null));
  }

  private int startedAttempt(String workflowId) {
    List<HistoryEvent> events = env.getWorkflowClient().fetchHistory(workflowId).getEvents();
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .mapToInt(e -> e.getActivityTaskStartedEventAttributes().getAttempt())
        .max()
        .orElse(0);
  }
}
