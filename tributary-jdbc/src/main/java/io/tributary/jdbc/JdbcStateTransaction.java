package io.tributary.jdbc;

import io.tributary.core.delivery.OutboxEntry;
import io.tributary.core.identity.Identifier;
import io.tributary.core.identity.IdentityLink;
import io.tributary.core.identity.ProfileMerge;
import io.tributary.core.profile.Profile;
import io.tributary.core.profile.TimelineEntry;
import io.tributary.core.state.StateTransaction;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One processor transaction on the JDBC state store.
 *
 * <p>Profiles are read once and written once per transaction (write-behind at {@link #flush});
 * timeline rows are inserted in one batch. Identity links, processed-message marks and merges are
 * written at once, because later events of the same transaction must see them through the
 * database.
 */
final class JdbcStateTransaction implements StateTransaction {
  private final WriterStatements sql;
  private final Dialect dialect;
  private final Map<String, Optional<Profile>> profiles = new HashMap<>();
  private final Set<String> dirty = new HashSet<>();
  // Profiles that have a row: loaded from the cache or the database, not created by this transaction.
  private final Set<String> stored = new HashSet<>();
  private final Map<Identifier, Optional<String>> owners = new HashMap<>();
  private final List<TimelineEntry> timeline = new ArrayList<>();
  private final List<OutboxEntry> outbox = new ArrayList<>();
  private final Map<Integer, Long> positions = new LinkedHashMap<>();
  private final Map<String, List<IdentityLink>> links = new HashMap<>();
  private final Set<String> mergedAway = new HashSet<>();
  // What was taken from the cache unchanged so far: publishing it again would only cost time.
  private final Set<String> profilesFromCache = new HashSet<>();
  private final Set<String> linksFromCache = new HashSet<>();
  private final Set<Identifier> ownersFromCache = new HashSet<>();
  private final WriterCache cache;
  private final boolean timelinePayloadsInLog;

  /**
   * @param cache what earlier transactions committed, or null when other writers may exist
   * @param timelinePayloadsInLog whether timeline rows leave the payload out (the log has it)
   */
  JdbcStateTransaction(WriterStatements sql, Dialect dialect, WriterCache cache, boolean timelinePayloadsInLog) {
    this.sql = sql;
    this.dialect = dialect;
    this.cache = cache;
    this.timelinePayloadsInLog = timelinePayloadsInLog;
  }

  /** After the commit: lets later transactions see this one's writes without reading them back. */
  void publish() {
    if (cache == null) {
      return;
    }
    profiles.forEach((id, p) -> {
      if (!profilesFromCache.contains(id)) {
        cache.putProfile(id, p);
      }
    });
    links.forEach((id, l) -> {
      if (!linksFromCache.contains(id)) {
        cache.putLinks(id, l);
      }
    });
    owners.forEach((id, owner) -> {
      if (!ownersFromCache.contains(id)) {
        cache.putOwner(id, owner);
      }
    });
    mergedAway.forEach(cache::mergedAway);
  }

  @Override
  public long nextPosition(int partition) {
    Long pending = positions.get(partition);
    if (pending != null) {
      return pending;
    }
    return query(() -> {
      sql.selectPosition.setInt(1, partition);
      try (ResultSet rs = sql.selectPosition.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }

  @Override
  public void setNextPosition(int partition, long nextPosition) {
    positions.put(partition, nextPosition);
  }

  @Override
  public boolean markProcessed(String sourceId, String messageId, Instant receivedAt) {
    return query(() -> {
      sql.insertProcessed.setString(1, sourceId);
      sql.insertProcessed.setString(2, messageId);
      sql.insertProcessed.setLong(3, ProfileColumns.micros(receivedAt));
      return sql.insertProcessed.executeUpdate() == 1;
    });
  }

  @Override
  public Optional<String> profileOf(Identifier identifier) {
    Optional<String> cached = owners.get(identifier);
    if (cached != null) {
      return cached;
    }
    Optional<String> known = cache == null ? Optional.empty() : cache.owner(identifier);
    if (known.isPresent()) {
      owners.put(identifier, known);
      ownersFromCache.add(identifier);
      return known;
    }
    Optional<String> owner = query(() -> {
      sql.selectOwner.setString(1, identifier.type());
      sql.selectOwner.setString(2, identifier.value());
      try (ResultSet rs = sql.selectOwner.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
      }
    });
    owners.put(identifier, owner);
    return owner;
  }

  @Override
  public List<IdentityLink> links(String profileId) {
    return List.copyOf(linksOf(profileId));
  }

  /** The transaction's own, modifiable view of a profile's links. */
  private List<IdentityLink> linksOf(String profileId) {
    List<IdentityLink> mine = links.get(profileId);
    if (mine != null) {
      return mine;
    }
    Optional<List<IdentityLink>> known = cache == null ? Optional.empty() : cache.links(profileId);
    if (known.isPresent()) {
      linksFromCache.add(profileId);
    }
    List<IdentityLink> loaded =
        new ArrayList<>(known.orElseGet(() -> query(() -> {
          sql.selectLinks.setString(1, profileId);
          List<IdentityLink> rows = new ArrayList<>();
          try (ResultSet rs = sql.selectLinks.executeQuery()) {
            while (rs.next()) {
              rows.add(LinkColumns.readLink(rs));
            }
          }
          return rows;
        })));
    links.put(profileId, loaded);
    return loaded;
  }

  @Override
  public void link(IdentityLink link) {
    Optional<String> owner = profileOf(link.identifier());
    if (owner.isPresent()) {
      throw new IllegalStateException(
          "Expected identifier " + link.identifier() + " to be unlinked, but it belongs to " + owner.get());
    }
    List<IdentityLink> profileLinks = linksOf(link.profileId()); // read before the insert
    query(() -> {
      LinkColumns.bindLink(sql.insertLink, link);
      return sql.insertLink.executeUpdate();
    });
    owners.put(link.identifier(), Optional.of(link.profileId()));
    profileLinks.add(link);
    linksFromCache.remove(link.profileId());
  }

  @Override
  public Optional<Profile> profile(String profileId) {
    Optional<Profile> cached = profiles.get(profileId);
    if (cached != null) {
      return cached;
    }
    Optional<Profile> known = cache == null ? Optional.empty() : cache.profile(profileId);
    if (known.isPresent()) {
      profiles.put(profileId, known);
      profilesFromCache.add(profileId);
      stored.add(profileId);
      return known;
    }
    Optional<Profile> loaded = query(() -> {
      sql.selectProfile.setString(1, profileId);
      try (ResultSet rs = sql.selectProfile.executeQuery()) {
        return rs.next() ? Optional.of(ProfileColumns.read(rs)) : Optional.<Profile>empty();
      }
    });
    profiles.put(profileId, loaded);
    if (loaded.isPresent()) {
      stored.add(profileId);
    }
    return loaded;
  }

  @Override
  public void saveProfile(Profile profile) {
    profiles.put(profile.id(), Optional.of(profile));
    dirty.add(profile.id());
    profilesFromCache.remove(profile.id());
  }

  @Override
  public void mergeProfile(ProfileMerge merge) {
    String from = merge.mergedId();
    String to = merge.survivorId();
    // Both link lists are read before the update moves the rows.
    List<IdentityLink> moved = new ArrayList<>(linksOf(to));
    List<IdentityLink> fromLinks = linksOf(from);
    flushTimeline();
    query(() -> {
      for (PreparedStatement st : List.of(sql.moveLinks, sql.moveTimeline, sql.repointMerges)) {
        st.setString(1, to);
        st.setString(2, from);
        st.executeUpdate();
      }
      sql.deleteProfile.setString(1, from);
      sql.deleteProfile.executeUpdate();
      LinkColumns.bindMerge(sql.insertMerge, merge);
      return sql.insertMerge.executeUpdate();
    });
    for (IdentityLink l : fromLinks) {
      moved.add(new IdentityLink(l.identifier(), to, l.cause()));
    }
    links.put(to, moved);
    links.remove(from);
    linksFromCache.remove(to);
    for (Map.Entry<Identifier, Optional<String>> e : owners.entrySet()) {
      if (e.getValue().filter(from::equals).isPresent()) {
        e.setValue(Optional.of(to));
        ownersFromCache.remove(e.getKey());
      }
    }
    for (IdentityLink l : fromLinks) {
      owners.put(l.identifier(), Optional.of(to));
      ownersFromCache.remove(l.identifier());
    }
    profiles.put(from, Optional.empty());
    profilesFromCache.remove(from);
    dirty.remove(from);
    mergedAway.add(from);
  }

  @Override
  public void appendTimeline(TimelineEntry entry) {
    timeline.add(entry);
  }

  /** Writes what was deferred: profiles, timeline rows, consumed positions. */
  @Override
  public void enqueue(OutboxEntry entry) {
    outbox.add(entry);
  }

  void flush() {
    flushTimeline();
    query(() -> {
      if (!dirty.isEmpty()) {
        // Most events change no trait: their profile's row keeps its traits text, which is the
        // largest part of it and costly to write.
        boolean upserts = false;
        boolean updates = false;
        for (String id : dirty) {
          Profile p = profiles.get(id).orElseThrow();
          if (stored.contains(id) && !p.traitsChanged()) {
            ProfileColumns.bindWithoutTraits(sql.updateProfileWithoutTraits, p);
            sql.updateProfileWithoutTraits.addBatch();
            updates = true;
          } else {
            ProfileColumns.bind(sql.upsertProfile, p);
            sql.upsertProfile.addBatch();
            upserts = true;
          }
        }
        if (upserts) {
          sql.upsertProfile.executeBatch();
        }
        if (updates) {
          sql.updateProfileWithoutTraits.executeBatch();
        }
        dirty.clear();
      }
      for (var p : positions.entrySet()) {
        sql.upsertPosition.setInt(1, p.getKey());
        sql.upsertPosition.setLong(2, p.getValue());
        sql.upsertPosition.executeUpdate();
      }
      return null;
    });
    // Last, just before the commit: with several writers the outbox append lock is held from
    // here, so no other write of this transaction waits for another transaction's locks under it.
    flushOutbox();
  }

  private void flushTimeline() {
    if (timeline.isEmpty()) {
      return;
    }
    query(() -> {
      for (TimelineEntry e : timeline) {
        TimelineColumns.bind(sql.insertTimeline, e, !timelinePayloadsInLog);
        sql.insertTimeline.addBatch();
      }
      sql.insertTimeline.executeBatch();
      return null;
    });
    timeline.clear();
  }

  private void flushOutbox() {
    if (outbox.isEmpty()) {
      return;
    }
    query(() -> {
      JdbcOutbox.lockForAppend(sql.insertOutbox.getConnection(), dialect);
      // The same payload array for several destinations (the default payload) is stored once.
      Map<byte[], Integer> uses = new IdentityHashMap<>();
      for (OutboxEntry e : outbox) {
        if (e.failure() == null) {
          uses.merge(e.payload(), 1, Integer::sum);
        }
      }
      Map<byte[], Long> shared = new IdentityHashMap<>();
      boolean messages = false;
      boolean dead = false;
      for (OutboxEntry e : outbox) {
        if (e.failure() == null) {
          long payloadId = uses.get(e.payload()) > 1 ? shared.computeIfAbsent(e.payload(), this::insertSharedPayload) : 0;
          OutboxColumns.bindNew(sql.insertOutbox, e, payloadId);
          sql.insertOutbox.addBatch();
          messages = true;
        } else {
          OutboxColumns.bindFailed(sql.insertDead, e);
          sql.insertDead.addBatch();
          dead = true;
        }
      }
      if (messages) {
        sql.insertOutbox.executeBatch();
      }
      if (dead) {
        sql.insertDead.executeBatch();
      }
      return null;
    });
    outbox.clear();
  }

  private long insertSharedPayload(byte[] payload) {
    return query(() -> {
      sql.insertSharedPayload.setBytes(1, payload);
      try (ResultSet rs = sql.insertSharedPayload.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("Expected the new shared payload's id, but got none");
        }
        return rs.getLong(1);
      }
    });
  }

  private interface SqlWork<T> {
    T run() throws SQLException;
  }

  private <T> T query(SqlWork<T> work) {
    try {
      return work.run();
    } catch (SQLException e) {
      throw StoreFailures.of(dialect, "A state store statement", e);
    }
  }
}
