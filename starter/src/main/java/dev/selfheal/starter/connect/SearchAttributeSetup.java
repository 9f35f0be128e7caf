package dev.selfheal.starter.connect;

import dev.selfheal.workflows.IncidentSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Registers selfheal's search attributes on a namespace, once; a no-op when they exist. */
public final class SearchAttributeSetup {
  private SearchAttributeSetup() {}

  /** @return the names it added (empty when all were there) */
  public static List<String> ensure(WorkflowServiceStubs stubs, String namespace) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder(stubs.getOptions()).setChannel(stubs.getRawChannel()).build());
    try {
      Map<String, IndexedValueType> existing =
          operator.blockingStub()
              .listSearchAttributes(ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
              .getCustomAttributesMap();
      List<String> added = new ArrayList<>();
      AddSearchAttributesRequest.Builder request = AddSearchAttributesRequest.newBuilder().setNamespace(namespace);
      for (var key : IncidentSearchAttributes.ALL) {
        IndexedValueType type = existing.get(key.getName());
        if (type == null) {
          request.putSearchAttributes(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
          added.add(key.getName());
        } else if (type != IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD) {
          throw new IllegalStateException(
              "search attribute " + key.getName() + " exists in namespace " + namespace + " as " + type + ", selfheal needs Keyword");
        }
      }
      if (!added.isEmpty()) {
        try {
          operator.blockingStub().addSearchAttributes(request.build());
        } catch (StatusRuntimeException e) {
          // another process registered them between our list and add
          if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
            throw e;
          }
        }
      }
      return added;
    } finally {
      operator.shutdown();
    }
  }
}
