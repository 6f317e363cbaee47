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

  /**
   * The payload for a stored mapping input ({@link DeliveryInput#documentBytes()}), as when a
   * dead letter whose mapping failed is replayed after the mapping was fixed.
   *
   * @throws DeliveryInputException when the input is no mapping input or the mapping fails on it
   */
  public byte[] payloadFromInput(byte[] mappingInput) {
    com.fasterxml.jackson.databind.JsonNode document;
    try {
      document = DefinitionJson.MAPPER.readTree(mappingInput);
    } catch (java.io.IOException e) {
      throw new DeliveryInputException("mapping", "the stored input is not JSON", e);
    }
    if (!(document instanceof com.fasterxml.jackson.databind.node.ObjectNode o) || !o.path("event").isObject() || !o.path("profile").isObject()) {
      throw new DeliveryInputException("mapping", "the stored input is not an object with an event and a profile", null);
    }
    return payload(DeliveryInput.ofDocument(o));
  }

  /** A filter or mapping failed on one event; the event still counts as processed. */
  public static final class DeliveryInputException extends RuntimeException {
    private final String field;

    public DeliveryInputException(String field, String message, Throwable cause) {
      super(field + " failed: " + message, cause);
      this.field = field;
    }

    /** {@code filter} or {@code mapping}. */
    public String field() {
      return field;
    }

    /** What a dead letter records of it: the field, the failure's kind and its message. */
    public String failure() {
      Throwable cause = getCause();
      return cause == null ? getMessage() : field + " failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
  }
}
