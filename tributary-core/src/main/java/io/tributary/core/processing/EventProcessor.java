package io.tributary.core.processing;

import io.tributary.core.event.Event;
import io.tributary.core.event.EventCodec;
import io.tributary.core.identity.EventRef;
import io.tributary.core.identity.Identifier;
import io.tributary.core.identity.IdentifierExtractor;
import io.tributary.core.identity.IdentityResolver;
import io.tributary.core.identity.IdentityRules;
import io.tributary.core.identity.Resolution;
import io.tributary.core.log.LogEntry;
import io.tributary.core.profile.Profile;
import io.tributary.core.profile.ProfileUpdater;
import io.tributary.core.profile.TimelineEntry;
import io.tributary.core.state.StateTransaction;
import java.util.List;
import java.util.Objects;

/**
 * Applies one event from the log to the state: deduplication, identity resolution, profile update
 * and timeline.
 *
 * <p>Deterministic: the result depends only on the rules, the event, its log entry and the state,
 * never on the clock or chance, so replaying the same log into an empty store gives the same state.
 * The caller owns the transaction and the consumed log position: this class never calls {@link
 * StateTransaction#setNextPosition}.
 *
 * <p>Thread-safe; each call uses only the transaction it is given.
 */
public final class EventProcessor {

  private final IdentifierExtractor extractor;
  private final IdentityResolver resolver;
  private final ProfileUpdater updater = new ProfileUpdater();

  public EventProcessor(IdentityRules rules) {
    Objects.requireNonNull(rules, "rules");
    this.extractor = new IdentifierExtractor(rules);
    this.resolver = new IdentityResolver(rules);
  }

  /**
   * Processes {@code event}, read from the log as {@code entry}, in {@code tx}.
   *
   * <p>A message its source already sent (same source and message id) changes nothing and gives
   * {@link ProcessingOutcome#duplicateEvent()}. Otherwise the event is marked processed, resolved
   * to one live profile by {@link IdentityResolver}, applied to it by {@link ProfileUpdater}, the
   * profile is saved and the event appended to its timeline.
   *
   * @throws IllegalStateException if the state is inconsistent; the caller should roll back
   */
  public ProcessingOutcome process(StateTransaction tx, LogEntry entry, Event event) {
    Objects.requireNonNull(tx, "tx");
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(event, "event");
    if (!tx.markProcessed(event.sourceId(), event.messageId(), event.receivedAt())) {
      return ProcessingOutcome.duplicateEvent();
    }
    EventRef cause =
        new EventRef(
            event.sourceId(),
            event.messageId(),
            entry.partition(),
            entry.position(),
            event.timestamp());
    List<Identifier> identifiers = extractor.extract(event, tx);
    Resolution resolution = resolver.resolve(tx, identifiers, cause);
    Profile profile = resolution.profile();
    updater.apply(profile, event);
    tx.saveProfile(profile);
    tx.appendTimeline(
        new TimelineEntry(
            profile.id(),
            entry.partition(),
            entry.position(),
            event.type(),
            timelineName(event),
            event.timestamp(),
            event.messageId(),
            event.sourceId(),
            entry.payload()));
    return new ProcessingOutcome(
        profile.id(),
        false,
        resolution.created(),
        resolution.linked(),
        resolution.merges(),
        resolution.refused());
  }

  private static String timelineName(Event event) {
    return switch (event.type()) {
      case TRACK -> event.event();
      case PAGE, SCREEN -> event.name();
      case IDENTIFY, GROUP, ALIAS -> null;
    };
  }

  /**
   * This processor as a {@link BatchApplier.Step}: decodes each log entry and processes it. An
   * entry that does not decode is {@link UnprocessableEntryException unprocessable}.
   */
  public BatchApplier.Step asStep() {
    return (tx, entry) -> {
      Event event;
      try {
        event = EventCodec.decode(entry.payload());
      } catch (IllegalArgumentException e) {
        throw new UnprocessableEntryException(
            "The log entry at partition " + entry.partition() + " position " + entry.position() + " does not decode", e);
      }
      return new BatchApplier.ProcessedEvent(entry, event, process(tx, entry, event));
    };
  }
}
