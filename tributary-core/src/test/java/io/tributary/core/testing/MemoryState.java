package io.tributary.core.testing;

import io.tributary.core.identity.Identifier;
import io.tributary.core.identity.IdentityLink;
import io.tributary.core.identity.ProfileMerge;
import io.tributary.core.profile.Profile;
import io.tributary.core.profile.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The whole state of an {@link InMemoryStateStore}. A transaction works on a {@link #copy()}; a
 * committed state is never changed again, so readers can use it without locks.
 */
final class MemoryState {

  /** A link and the order it was made in, which it keeps when it moves to a survivor. */
  record StoredLink(long sequence, IdentityLink link) {}

  record MessageKey(String sourceId, String messageId) {}

  final Map<Integer, Long> nextPositions = new TreeMap<>();
  final Map<MessageKey, Instant> processed = new HashMap<>();
  final Map<Identifier, StoredLink> links = new HashMap<>();
  long nextLinkSequence;
  final Map<String, Profile> profiles = new TreeMap<>();
  final List<ProfileMerge> merges = new ArrayList<>();

  /** Merged-away id to the live profile it resolves to now. */
  final Map<String, String> mergedInto = new HashMap<>();

  final List<TimelineEntry> timeline = new ArrayList<>();

  final List<io.tributary.core.delivery.OutboxEntry> outbox = new ArrayList<>();

  MemoryState copy() {
    MemoryState copy = new MemoryState();
    copy.nextPositions.putAll(nextPositions);
    copy.processed.putAll(processed);
    copy.links.putAll(links);
    copy.nextLinkSequence = nextLinkSequence;
    profiles.forEach((id, profile) -> copy.profiles.put(id, profile.copy()));
    copy.merges.addAll(merges);
    copy.mergedInto.putAll(mergedInto);
    copy.timeline.addAll(timeline);
    copy.outbox.addAll(outbox);
    return copy;
  }

  /** Removes the oldest {@code max} timeline rows of {@code partition} before {@code position}. */
  int forgetTimelineBefore(int partition, long position, int max) {
    List<TimelineEntry> due =
        timeline.stream()
            .filter(e -> e.partition() == partition && e.position() < position)
            .sorted(java.util.Comparator.comparingLong(TimelineEntry::position))
            .limit(max)
            .toList();
    java.util.Set<TimelineEntry> gone = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    gone.addAll(due);
    timeline.removeIf(gone::contains);
    return due.size();
  }

  Optional<String> profileOf(Identifier identifier) {
    return Optional.ofNullable(links.get(identifier)).map(stored -> stored.link().profileId());
  }

  List<IdentityLink> linksOf(String profileId) {
    return links.values().stream()
        .filter(stored -> stored.link().profileId().equals(profileId))
        .sorted(Comparator.comparingLong(StoredLink::sequence))
        .map(StoredLink::link)
        .toList();
  }

  Optional<String> resolve(String profileId) {
    if (profiles.containsKey(profileId)) {
      return Optional.of(profileId);
    }
    return Optional.ofNullable(mergedInto.get(profileId));
  }
}
