package dev.selfheal.starter.connect;

import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A client for any Temporal frontend: the dev server, the compose stack, a cluster. */
public final class TemporalConnection implements AutoCloseable {
  private final String address;
  private final String namespace;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;

  private TemporalConnection(String address, String namespace, WorkflowServiceStubs stubs, WorkflowClient client) {
    this.address = address;
    this.namespace = namespace;
    this.stubs = stubs;
    this.client = client;
  }

  /**
   * Connects and checks the frontend answers within {@code wait}.
   *
   * @param identity shown in the history as who ran each activity or sent each signal
   * @throws UnreachableException naming the address and what to do
   */
  public static TemporalConnection connect(String address, String namespace, String identity, Duration wait) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    long deadline = System.nanoTime() + wait.toNanos();
    StatusRuntimeException last;
    do {
      try {
        stubs.blockingStub().withDeadlineAfter(2, TimeUnit.SECONDS).getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
        WorkflowClient client =
            WorkflowClient.newInstance(
                stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).setIdentity(identity).build());
        return new TemporalConnection(address, namespace, stubs, client);
      } catch (StatusRuntimeException e) {
        last = e;
        sleepQuietly(250);
      }
    } while (System.nanoTime() < deadline);
    stubs.shutdownNow();
    throw new UnreachableException(
        "cannot reach a Temporal frontend at " + address + " (" + last.getStatus().getCode()
            + "); start one with ./selfheal dev, or pass --address / set " + EnvVars.TEMPORAL_ADDRESS);
  }

  /** True when a frontend answers at {@code address} right now. */
  public static boolean reachable(String address) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try {
      stubs.blockingStub().withDeadlineAfter(1, TimeUnit.SECONDS).getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return true;
    } catch (StatusRuntimeException e) {
      return false;
    } finally {
      stubs.shutdownNow();
    }
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  public String address() {
    return address;
  }

  public String namespace() {
    return namespace;
  }

  @Override
  public void close() {
    stubs.shutdown();
    stubs.awaitTermination(5, TimeUnit.SECONDS);
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** No frontend answered. */
  public static final class UnreachableException extends RuntimeException {
    UnreachableException(String message) {
      super(message);
    }
  }
}
