package io.tributary.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One run of the delivery benchmark: the load generator's result and, when the hub had
 * destinations, the webhook receivers' report over the same measured window.
 *
 * @param scenario e.g. {@code no-destinations}, {@code healthy}, {@code one-down}
 * @param rate the open loop's events per second
 * @param result the {@code result} object of the generator's file
 * @param sinks the receivers' report ({@code {"sinks":[...]}}), or null when there were none
 */
public record DeliveryRun(String scenario, int rate, JsonNode result, JsonNode sinks) {

  /** Validates the fields. */
  public DeliveryRun {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(result, "result");
  }

  /** Accepted events of the measured phase: those each receiver should get. */
  public long sent() {
    return result.path("acceptedEvents").asLong();
  }

  /** The receivers' names in report order; empty without receivers. */
  public List<String> sinkNames() {
    List<String> names = new ArrayList<>();
    if (sinks != null) {
      sinks.path("sinks").forEach(s -> names.add(s.path("name").asText()));
    }
    return names;
  }

  /** One receiver's part of the report, or a missing node. */
  public JsonNode sink(String name) {
    if (sinks != null) {
      for (JsonNode s : sinks.path("sinks")) {
        if (s.path("name").asText().equals(name)) {
          return s;
        }
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }
}
