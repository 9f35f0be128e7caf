package dev.selfheal.worker.faults;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.failure.ApplicationFailure;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One activity execution under a {@link FaultPlan}: runs it, then drops its completion if the plan says so. */
final class FaultInjectingActivityInbound extends ActivityInboundCallsInterceptorBase {
  private static final Logger log = LoggerFactory.getLogger(FaultInjectingActivityInbound.class);

  /** Failure type of an injected failure; not in {@code Errors}, so the activity's retry policy retries it. */
  static final String INJECTED_FAULT = "InjectedFault";

  private final FaultPlan plan;
  private final Runnable halt;
  private final Set<String> failed;
  private ActivityInfo info;

  FaultInjectingActivityInbound(ActivityInboundCallsInterceptor next, FaultPlan plan, Runnable halt, Set<String> failed) {
    super(next);
    this.plan = plan;
    this.halt = halt;
    this.failed = failed;
  }

  @Override
  public void init(ActivityExecutionContext context) {
    info = context.getInfo();
    super.init(context);
  }

  @Override
  public ActivityOutput execute(ActivityInput input) {
    ActivityOutput output = super.execute(input);
    String type = info.getActivityType();
    Fault fault = plan.byActivityType().get(type);
    if (fault == Fault.HALT_AFTER) {
      log.warn("fault injected fault=halt-after activityType={} workflowId={} attempt={}: side effect done, halting the JVM before the completion is sent",
          type, info.getWorkflowId(), info.getAttempt());
      halt.run();
    } else if (fault == Fault.FAIL_AFTER && failed.add(type)) {
      log.warn("fault injected fault=fail-after activityType={} workflowId={} attempt={}: side effect done, failing the attempt so it is retried",
          type, info.getWorkflowId(), info.getAttempt());
      throw ApplicationFailure.newFailure("fault injected after " + type + " returned: completion dropped", INJECTED_FAULT);
    }
    return output;
  }
}
