package io.tributary.core.testing;

import io.tributary.core.event.Event;
import io.tributary.core.identity.IdentityRules;
import io.tributary.core.log.LogEntry;
import io.tributary.core.processing.EventProcessor;
import io.tributary.core.processing.ProcessingOutcome;
import io.tributary.core.state.StateReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Runs events through an {@link EventProcessor} into an {@link InMemoryStateStore}, the way the
 * processor loop does: one transaction per event, which also advances the partition's consumed
 * position. Each event gets the partition's next position as its log position.
 */
public final class ProcessorDriver {

  private final InMemoryStateStore store = new InMemoryStateStore();
  private final EventProcessor processor;
  private final Function<Event, byte[]> encoder;

  /** A driver whose log payloads are a stand-in: the event's source and message id. */
  public ProcessorDriver(IdentityRules rules) {
    this(rules, e -> (e.sourceId() + "/" + e.messageId()).getBytes(StandardCharsets.UTF_8));
  }

  /** A driver that encodes each event as its log payload with {@code encoder}. */
  public ProcessorDriver(IdentityRules rules, Function<Event, byte[]> encoder) {
    this.processor = new EventProcessor(Objects.requireNonNull(rules, "rules"));
    this.encoder = Objects.requireNonNull(encoder, "encoder");
  }

  /** Processes one event from partition 0. */
  public ProcessingOutcome process(Event event) {
    return process(0, event);
  }

  public ProcessingOutcome process(int partition, Event event) {
    Objects.requireNonNull(event, "event");
    byte[] payload = encoder.apply(event);
    return store.inTransaction(
        tx -> {
          long position = tx.nextPosition(partition);
          ProcessingOutcome outcome =
              processor.process(tx, new LogEntry(partition, position, payload), event);
          tx.setNextPosition(partition, position + 1);
          return outcome;
        });
  }

  /** Processes events from partition 0 in order. */
  public List<ProcessingOutcome> processAll(Event... events) {
    return Arrays.stream(events).map(this::process).toList();
  }

  public StateReader reader() {
    return store.reader();
  }

  public InMemoryStateStore store() {
    return store;
  }
}
