package io.tributary.core.testing;

import io.tributary.core.identity.Identifier;
import io.tributary.core.identity.ProfileMerge;
import io.tributary.core.profile.TimelineEntry;
import io.tributary.core.state.ProfileView;
import io.tributary.core.state.StateReader;
import io.tributary.core.state.TimelineCursor;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** Queries over the last committed state of an {@link InMemoryStateStore}. */
final class MemoryReader implements StateReader {

  /** Newest first: by timestamp, then partition, then position, all descending. */
  static final Comparator<TimelineCursor> NEWEST_FIRST =
      Comparator.comparing(TimelineCursor::timestamp)
          .thenComparingInt(TimelineCursor::partition)
          .thenComparingLong(TimelineCursor::position)
          .reversed();

  private final Supplier<MemoryState> committed;

  MemoryReader(Supplier<MemoryState> committed) {
    this.committed = committed;
  }

  @Override
  public Optional<String> resolveProfileId(String profileId) {
    Objects.requireNonNull(profileId, "profileId");
    return committed.get().resolve(profileId);
  }

  @Override
  public Optional<String> profileOf(Identifier identifier) {
    Objects.requireNonNull(identifier, "identifier");
    return committed.get().profileOf(identifier);
  }

  @Override
  public Optional<ProfileView> profile(String profileId) {
    Objects.requireNonNull(profileId, "profileId");
    MemoryState state = committed.get();
    return Optional.ofNullable(state.profiles.get(profileId))
        .map(p -> new ProfileView(p.copy(), state.linksOf(profileId)));
  }

  @Override
  public List<ProfileMerge> merges(String survivorId) {
    Objects.requireNonNull(survivorId, "survivorId");
    MemoryState state = committed.get();
    if (!state.profiles.containsKey(survivorId)) {
      return List.of();
    }
    return state.merges.stream()
        .filter(m -> survivorId.equals(state.mergedInto.get(m.mergedId())))
        .toList();
  }

  @Override
  public List<TimelineEntry> timeline(String profileId, TimelineCursor before, int limit) {
    Objects.requireNonNull(profileId, "profileId");
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("Expected limit from 1 to 1000, but was " + limit);
    }
    return committed.get().timeline.stream()
        .filter(e -> e.profileId().equals(profileId))
        .filter(e -> before == null || NEWEST_FIRST.compare(cursorOf(e), before) > 0)
        .sorted(Comparator.comparing(MemoryReader::cursorOf, NEWEST_FIRST))
        .limit(limit)
        .toList();
  }

  @Override
  public long nextPosition(int partition) {
    return committed.get().nextPositions.getOrDefault(partition, 0L);
  }

  @Override
  public Map<Integer, Long> nextPositions() {
    return Map.copyOf(committed.get().nextPositions);
  }

  /** The cursor that pages on after {@code entry}. */
  static TimelineCursor cursorOf(TimelineEntry entry) {
    return new TimelineCursor(entry.timestamp(), entry.partition(), entry.position());
  }
}
