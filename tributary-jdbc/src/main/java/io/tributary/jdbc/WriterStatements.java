package io.tributary.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The writer connection's prepared statements, prepared once and reused by every transaction. */
final class WriterStatements implements AutoCloseable {
  private final List<PreparedStatement> all = new ArrayList<>();
  final PreparedStatement selectPosition;
  final PreparedStatement upsertPosition;
  final PreparedStatement insertProcessed;
  final PreparedStatement selectOwner;
  final PreparedStatement selectLinks;
  final PreparedStatement insertLink;
  final PreparedStatement selectProfile;
  final PreparedStatement upsertProfile;
  final PreparedStatement updateProfileWithoutTraits;
  final PreparedStatement deleteProfile;
  final PreparedStatement moveLinks;
  final PreparedStatement moveTimeline;
  final PreparedStatement repointMerges;
  final PreparedStatement insertMerge;
  final PreparedStatement insertTimeline;
  final PreparedStatement insertOutbox;
  final PreparedStatement insertSharedPayload;
  final PreparedStatement insertDead;

  WriterStatements(Connection c) throws SQLException {
    selectPosition = prepare(c, StateSchema.SELECT_NEXT_POSITION);
    upsertPosition =
        prepare(
            c,
            "INSERT INTO consumed_positions (log_partition, next_position) VALUES (?, ?)"
                + " ON CONFLICT (log_partition) DO UPDATE SET next_position = excluded.next_position");
    insertProcessed =
        prepare(
            c,
            "INSERT INTO processed_messages (source_id, message_id, received_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (source_id, message_id) DO NOTHING");
    selectOwner = prepare(c, LinkColumns.SELECT_OWNER);
    selectLinks = prepare(c, LinkColumns.SELECT_LINKS);
    insertLink = prepare(c, LinkColumns.INSERT_LINK);
    selectProfile = prepare(c, ProfileColumns.SELECT + " WHERE profile_id = ?");
    upsertProfile = prepare(c, ProfileColumns.UPSERT);
    updateProfileWithoutTraits = prepare(c, ProfileColumns.UPDATE_WITHOUT_TRAITS);
    deleteProfile = prepare(c, "DELETE FROM profiles WHERE profile_id = ?");
    moveLinks = prepare(c, "UPDATE identity_links SET profile_id = ? WHERE profile_id = ?");
    moveTimeline = prepare(c, "UPDATE timeline SET profile_id = ? WHERE profile_id = ?");
    repointMerges = prepare(c, "UPDATE profile_merges SET survivor_id = ? WHERE survivor_id = ?");
    insertMerge = prepare(c, LinkColumns.INSERT_MERGE);
    insertTimeline = prepare(c, TimelineColumns.INSERT);
    insertOutbox = prepare(c, OutboxColumns.INSERT_OUTBOX);
    insertSharedPayload = prepare(c, OutboxColumns.INSERT_SHARED_PAYLOAD);
    insertDead = prepare(c, OutboxColumns.INSERT_DEAD);
  }

  private PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement st = c.prepareStatement(sql);
    all.add(st);
    return st;
  }

  @Override
  public void close() {
    for (PreparedStatement st : all) {
      try {
        st.close();
      } catch (SQLException ignored) {
        // the connection is closed right after
      }
    }
  }
}
