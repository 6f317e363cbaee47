package io.tributary.core.testing;

import io.tributary.core.identity.Identifier;
import io.tributary.core.identity.IdentityLink;
import io.tributary.core.identity.ProfileMerge;
import io.tributary.core.profile.Profile;
import io.tributary.core.profile.TimelineEntry;
import io.tributary.core.state.StateTransaction;
import io.tributary.core.testing.MemoryState.MessageKey;
import io.tributary.core.testing.MemoryState.StoredLink;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A transaction of {@link InMemoryStateStore}, working on a private copy of the state. Refuses what
 * a relational store's constraints would refuse (links and timeline entries of profiles that are
 * not live, merges of profiles that are not live), so tests catch what production would.
 */
final class MemoryTransaction implements StateTransaction {

  private final MemoryState state;
  private boolean open = true;

  MemoryTransaction(MemoryState state) {
    this.state = state;
  }

  void close() {
    open = false;
  }

  @Override
  public long nextPosition(int partition) {
    checkOpen();
    return state.nextPositions.getOrDefault(partition, 0L);
  }

  @Override
  public void setNextPosition(int partition, long nextPosition) {
    checkOpen();
    state.nextPositions.put(partition, nextPosition);
  }

  @Override
  public boolean markProcessed(String sourceId, String messageId, Instant receivedAt) {
    checkOpen();
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(receivedAt, "receivedAt");
    return state.processed.putIfAbsent(new MessageKey(sourceId, messageId), receivedAt) == null;
  }

  @Override
  public Optional<String> profileOf(Identifier identifier) {
    checkOpen();
    return state.profileOf(identifier);
  }

  @Override
  public List<IdentityLink> links(String profileId) {
    checkOpen();
    return state.linksOf(profileId);
  }

  @Override
  public void link(IdentityLink link) {
    checkOpen();
    Optional<String> owner = state.profileOf(link.identifier());
    if (owner.isPresent()) {
      throw new IllegalStateException(
          "Expected "
              + link.identifier()
              + " to be unlinked, but it belongs to profile '"
              + owner.get()
              + "'");
    }
    checkLive(link.profileId(), "link an identifier to");
    state.links.put(link.identifier(), new StoredLink(state.nextLinkSequence++, link));
  }

  @Override
  public Optional<Profile> profile(String profileId) {
    checkOpen();
    return Optional.ofNullable(state.profiles.get(profileId)).map(Profile::copy);
  }

  @Override
  public void saveProfile(Profile profile) {
    checkOpen();
    if (state.mergedInto.containsKey(profile.id())) {
      throw new IllegalStateException(
          "Expected to save a live profile, but '" + profile.id() + "' was merged away");
    }
    state.profiles.put(profile.id(), profile.copy());
  }

  @Override
  public void mergeProfile(ProfileMerge merge) {
    checkOpen();
    String merged = merge.mergedId();
    String survivor = merge.survivorId();
    if (merged.equals(survivor)) {
      throw new IllegalStateException(
          "Expected two profiles to merge, but both are '" + merged + "'");
    }
    checkLive(merged, "merge away");
    checkLive(survivor, "merge into");
    for (Map.Entry<Identifier, StoredLink> entry : state.links.entrySet()) {
      StoredLink stored = entry.getValue();
      if (stored.link().profileId().equals(merged)) {
        IdentityLink moved = new IdentityLink(entry.getKey(), survivor, stored.link().cause());
        entry.setValue(new StoredLink(stored.sequence(), moved));
      }
    }
    state.timeline.replaceAll(e -> e.profileId().equals(merged) ? withProfile(e, survivor) : e);
    state.profiles.remove(merged);
    state.merges.add(merge);
    state.mergedInto.replaceAll((from, to) -> to.equals(merged) ? survivor : to);
    state.mergedInto.put(merged, survivor);
  }

  @Override
  public void appendTimeline(TimelineEntry entry) {
    checkOpen();
    checkLive(entry.profileId(), "append a timeline entry to");
    state.timeline.add(entry);
  }

  @Override
  public void enqueue(io.tributary.core.delivery.OutboxEntry entry) {
    checkOpen();
    checkLive(entry.profileId(), "enqueue a message about");
    state.outbox.add(entry);
  }

  private static TimelineEntry withProfile(TimelineEntry e, String profileId) {
    return new TimelineEntry(
        profileId,
        e.partition(),
        e.position(),
        e.type(),
        e.name(),
        e.timestamp(),
        e.messageId(),
        e.sourceId(),
        e.payload());
  }

  private void checkLive(String profileId, String action) {
    if (!state.profiles.containsKey(profileId)) {
      throw new IllegalStateException(
          "Expected to " + action + " live profile '" + profileId + "', but there is none");
    }
  }

  private void checkOpen() {
    if (!open) {
      throw new IllegalStateException("Expected an open transaction, but it has ended");
    }
  }
}
