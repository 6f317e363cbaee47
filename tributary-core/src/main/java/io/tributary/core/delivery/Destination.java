package io.tributary.core.delivery;

import com.dashjoin.jsonata.Jsonata;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.tributary.core.event.Event;
import java.util.Objects;

/**
 * A compiled destination definition: decides which processed events it gets and maps them to
 * payloads. Immutable and thread-safe (the JSONata evaluator, which keeps state while it runs, is
 * used by one thread at a time).
 */
public final class Destination {
  /** How long a mapping may run on one event. */
  private static final long MAPPING_TIMEOUT_MILLIS = 1_000;
  /** How deeply a mapping's functions may call each other, well within a thread's stack. */
  private static final int MAPPING_MAX_DEPTH = 1_000;

  private final DestinationDefinition definition;
  private final CelRuntime.Program filter;
  private final Jsonata mapping;

  Destination(DestinationDefinition definition, CelRuntime.Program filter, Jsonata mapping) {
    this.definition = Objects.requireNonNull(definition, "definition");
    this.filter = filter;
    this.mapping = mapping;
  }

  public DestinationDefinition definition() {
    return definition;
  }

  public String name() {
    return definition.name();
  }

  /** The cheap check by event type and name. */
  public boolean selects(Event event) {
    return definition.events().selects(event);
  }

  /**
   * Whether the filter lets the event through.
   *
   * @throws DeliveryInputException when the filter fails on this input or gives no boolean
   */
  public boolean matches(DeliveryInput input) {
    if (filter == null) {
      return true;
    }
    Object result;
    try {
      result = filter.eval(input.celVariables());
    } catch (CelEvaluationException e) {
      throw new DeliveryInputException("filter", e.getMessage(), e);
    }
    if (result instanceof Boolean b) {
      return b;
    }
    throw new DeliveryInputException("filter", "Expected the filter to give a boolean, but it gave " + result, null);
  }

  /**
   * The payload for this destination.
   *
   * @throws DeliveryInputException when the mapping fails on this input
   */
  public byte[] payload(DeliveryInput input) {
    try {
      if (mapping == null) {
        return input.defaultPayloadBytes();
      }
      Object out;
      synchronized (mapping) {
        // Mappings run on the processor's thread: one that recurses or loops without end must
        // fail this event, not stop or kill the processor.
        Jsonata.Frame bounds = mapping.createFrame();
        bounds.setRuntimeBounds(MAPPING_TIMEOUT_MILLIS, MAPPING_MAX_DEPTH);
        out = mapping.evaluate(input.jsonataInput(), bounds);
      }
      return DefinitionJson.MAPPER.writeValueAsBytes(out);
    } catch (RuntimeException | StackOverflowError | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new DeliveryInputException("mapping", e.getMessage(), e);
    }
  }

  /** A filter or mapping failed on one event; the event still counts as processed. */
  public static final class DeliveryInputException extends RuntimeException {
    private final String field;

    DeliveryInputException(String field, String message, Throwable cause) {
      super(field + " failed: " + message, cause);
      this.field = field;
    }

    /** {@code filter} or {@code mapping}. */
    public String field() {
      return field;
    }
  }
}
