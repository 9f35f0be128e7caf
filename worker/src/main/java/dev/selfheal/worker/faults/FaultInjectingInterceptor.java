package dev.selfheal.worker.faults;

import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Injects a {@link FaultPlan} into every activity this worker runs: the side effect happens, then
 * its completion is lost (the JVM halts, or the attempt fails), so the activity runs again.
 */
public final class FaultInjectingInterceptor extends WorkerInterceptorBase {
  private final FaultPlan plan;
  private final Runnable halt;
  /** Activity types whose one injected failure has fired in this process. */
  private final Set<String> failed = ConcurrentHashMap.newKeySet();

  /** @param halt what {@code halt-after} does; in production {@code Runtime.getRuntime().halt(137)} */
  public FaultInjectingInterceptor(FaultPlan plan, Runnable halt) {
    this.plan = plan;
    this.halt = halt;
  }

  /** Halts the JVM as SIGKILL would: no shutdown hooks, exit code 137. */
  public static FaultInjectingInterceptor halting(FaultPlan plan) {
    return new FaultInjectingInterceptor(plan, () -> Runtime.getRuntime().halt(137));
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new FaultInjectingActivityInbound(next, plan, halt, failed);
  }
}
