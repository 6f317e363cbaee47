package io.tributary.core.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.core.event.Event;
import io.tributary.core.processing.BatchApplier;
import io.tributary.core.processing.BatchApplier.ProcessedEvent;
import io.tributary.core.profile.Profile;
import io.tributary.core.state.StateTransaction;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Processes an event, then writes one outbox message per destination that takes it, in the same
 * transaction: the transactional outbox. An event is in a destination's outbox exactly when it was
 * applied to the profiles, whatever crashes in between.
 *
 * <p>A destination takes an event when it selects its type and name, the event's consent
 * preferences do not refuse the destination's consent category ({@code
 * context.consent.categoryPreferences.<category> == false}, as Segment's consent spec writes
 * them), and its filter gives true. A filter that fails on an event counts as false and is
 * reported to the listener; a mapping that fails sends the event to the dead-letter queue with the
 * reason, so that it can be seen and replayed after the mapping is fixed.
 *
 * <p>Duplicates (the same message id from the same source again) write nothing.
 */
public final class OutboxStep implements BatchApplier.Step {
  private static final System.Logger LOG = System.getLogger(OutboxStep.class.getName());

  /** Told about filter failures, on the processing thread. */
  @FunctionalInterface
  public interface FilterFailures {
    void failed(String destination);
  }

  private final BatchApplier.Step processing;
  private final Supplier<List<Destination>> destinations;
  private final FilterFailures failures;

  /**
   * @param processing applies the event to the state and tells which profile it belongs to
   * @param destinations the destinations in force, asked once per event (cheap)
   */
  public OutboxStep(BatchApplier.Step processing, Supplier<List<Destination>> destinations, FilterFailures failures) {
    this.processing = Objects.requireNonNull(processing, "processing");
    this.destinations = Objects.requireNonNull(destinations, "destinations");
    this.failures = Objects.requireNonNull(failures, "failures");
  }

  @Override
  public ProcessedEvent apply(StateTransaction tx, io.tributary.core.log.LogEntry entry) {
    ProcessedEvent processed = processing.apply(tx, entry);
    String profileId = processed.outcome().profileId();
    if (processed.outcome().duplicate() || profileId == null) {
      return processed;
    }
    Event event = processed.event();
    DeliveryInput input = null;
    for (Destination d : destinations.get()) {
      if (!d.selects(event) || refusedByConsent(event, d.definition().consentCategory())) {
        continue;
      }
      if (input == null) {
        Profile profile =
            tx.profile(profileId).orElseThrow(() -> new IllegalStateException("Expected the processed event's profile to be live"));
        input = new DeliveryInput(event, entry.payload(), profile, tx.links(profileId));
      }
      String key = OutboxEntry.idempotencyKey(d.name(), event.sourceId(), event.messageId());
      try {
        if (!d.matches(input)) {
          continue;
        }
      } catch (Destination.DeliveryInputException e) {
        // The message may quote the event's values: it is not logged, only counted.
        failures.failed(d.name());
        LOG.log(Level.DEBUG, "destination {0}: the filter failed on the event at partition {1} position {2}", d.name(), entry.partition(), entry.position());
        continue;
      }
      byte[] payload;
      String failure = null;
      try {
        payload = d.payload(input);
      } catch (Destination.DeliveryInputException e) {
        payload = input.documentBytes();
        failure = e.failure();
      }
      tx.enqueue(new OutboxEntry(d.name(), profileId, key, payload, event.receivedAt(), failure));
    }
    return processed;
  }

  static boolean refusedByConsent(Event event, String category) {
    if (category == null) {
      return false;
    }
    JsonNode pref = event.context().path("consent").path("categoryPreferences").path(category);
    return pref.isBoolean() && !pref.booleanValue();
  }
}
